import KingletFormat
import KingletIR
import KingletTestSupport
import Testing

/// ADD, 16x8 (AddS16 / kgl_add_s16): both engines agree byte for byte, with hand-computed
/// values and with TFLite Micro's int16 add (CalculateOpDataAdd with left shift 15 +
/// AddElementwise / BroadcastAdd4DSlow) re-stated plainly over NumPy broadcasting.
@Suite struct Add16x8Tests {
    static func graph(_ a: [Int], _ b: [Int], _ out: [Int], s1: Float, s2: Float, sOut: Float,
                      activation: Activation = .none) -> Graph {
        OneOpGraph.make(.add(activation: activation),
                        operands: [SixteenBit.int16("a", a, scale: s1), SixteenBit.int16("b", b, scale: s2)],
                        output: SixteenBit.int16("y", out, scale: sOut))
    }

    /// Equal unit scales: left shift 15, input multipliers 1/2 (2^30, shift 0), output
    /// multiplier 2 / 2^15 = 2^−14 (2^30, shift −13), so the sum is exact: 1000 + 2000 = 3000,
    /// −7 + 3 = −4; 30000 + 30000 saturates at 32767 and −32768 + −32768 at −32768.
    /// Output scale 2: (−5 + 2) / 2 = −1.5, the last rounding (away from zero) gives −2.
    @Test func handComputed() throws {
        let g = Self.graph([4], [4], [4], s1: 1, s2: 1, sOut: 1)
        #expect(try SixteenBit.run(g, [[1000, -7, 30000, -32768], [2000, 3, 30000, -32768]]) == [3000, -4, 32767, -32768])
        let half = Self.graph([1], [1], [1], s1: 1, s2: 1, sOut: 2)
        #expect(try SixteenBit.run(half, [[-5], [2]]) == [-2])
        // RELU at zero point 0.
        let relu = Self.graph([2], [2], [2], s1: 1, s2: 1, sOut: 1, activation: .relu)
        #expect(try SixteenBit.run(relu, [[-100, 100], [50, 1]]) == [0, 101])
    }

    /// TFLite Micro's int16 AddElementwise / BroadcastAdd6DSlow for one element pair.
    static func reference(_ x: Int16, _ y: Int16, s1: Float, s2: Float, sOut: Float, activation: Activation) -> Int16 {
        let twiceMax = 2 * Double(max(s1, s2))
        let m1 = BinaryReference.smallerThanOne(Double(s1) / twiceMax)
        let m2 = BinaryReference.smallerThanOne(Double(s2) / twiceMax)
        let mOut = BinaryReference.smallerThanOne(twiceMax / (Double(1 << 15) * Double(sOut)))
        let sum = Reference.requantize(Int64(x) << 15, multiplier: m1.multiplier, shift: m1.shift)
            + Reference.requantize(Int64(y) << 15, multiplier: m2.multiplier, shift: m2.shift)
        let r = Reference.requantize(sum, multiplier: mOut.multiplier, shift: mOut.shift)
        let (lo, hi) = SixteenBit.clamp(activation, scale: sOut)
        return Int16(min(max(r, lo), hi))
    }

    @Test(arguments: BinaryReference.shapes)
    func randomBroadcastAgainstReference(_ shapes: BinaryReference.Shapes) throws {
        var rng = SeededGenerator(seed: 0x16A0 + UInt64(shapes.seed))
        for activation in [Activation.none, .relu, .relu6] {
            let s1 = Float.random(in: 1e-4...1e-3, using: &rng)
            let s2 = Float.random(in: 1e-4...1e-3, using: &rng)
            let sOut = Float.random(in: 2e-4...2e-3, using: &rng)
            let g = Self.graph(shapes.a, shapes.b, shapes.out, s1: s1, s2: s2, sOut: sOut, activation: activation)
            let x1 = SixteenBit.random(shapes.a.reduce(1, *), using: &rng)
            let x2 = SixteenBit.random(shapes.b.reduce(1, *), using: &rng)
            let got = try SixteenBit.run(g, [x1, x2])
            let expected = Self.broadcast(shapes, x1, x2) {
                Self.reference($0, $1, s1: s1, s2: s2, sOut: sOut, activation: activation)
            }
            #expect(got == expected, "\(shapes) \(activation)")
        }
    }

    /// NumPy broadcasting by explicit multi-indices (as BinaryReference.broadcast, for int16).
    static func broadcast(_ s: BinaryReference.Shapes, _ x1: [Int16], _ x2: [Int16],
                          _ f: (Int16, Int16) -> Int16) -> [Int16] {
        func offset(_ index: [Int], in shape: [Int]) -> Int {
            let tail = Array(index.suffix(shape.count))
            var flat = 0
            for (axis, size) in shape.enumerated() { flat = flat * size + (size == 1 ? 0 : tail[axis]) }
            return flat
        }
        return (0..<s.out.reduce(1, *)).map { n in
            var index = [Int](repeating: 0, count: s.out.count)
            var rest = n
            for axis in s.out.indices.reversed() {
                index[axis] = rest % s.out[axis]
                rest /= s.out[axis]
            }
            return f(x1[offset(index, in: s.a)], x2[offset(index, in: s.b)])
        }
    }

    /// Lowering: int16 zero points must be 0, all three operands int16; an output scale so
    /// small that the output multiplier reaches 1 is refused (TFLite aborts).
    @Test func loweringRefusals() {
        #expect(OneOpGraph.loweringError(Self.graph([2], [2], [2], s1: 1, s2: 1, sOut: 1)) == nil)
        let zeroPoint = OneOpGraph.make(.add(activation: .none),
                                        operands: [SixteenBit.int16("a", [2], scale: 1, zeroPoint: 5),
                                                   SixteenBit.int16("b", [2], scale: 1)],
                                        output: SixteenBit.int16("y", [2], scale: 1))
        #expect(OneOpGraph.loweringError(zeroPoint)?.contains("zero point 0") == true)
        let mixed = OneOpGraph.make(.add(activation: .none),
                                    operands: [SixteenBit.int16("a", [2], scale: 1),
                                               OneOpGraph.int8("b", [2], scale: 1, zeroPoint: 0)],
                                    output: SixteenBit.int16("y", [2], scale: 1))
        #expect(OneOpGraph.loweringError(mixed) != nil)
        #expect(OneOpGraph.loweringError(Self.graph([2], [2], [2], s1: 1, s2: 1, sOut: 1e-5)) != nil)
        // MUL has no 16x8 kernel.
        let mul = OneOpGraph.make(.mul(activation: .none),
                                  operands: [SixteenBit.int16("a", [2], scale: 1), SixteenBit.int16("b", [2], scale: 1)],
                                  output: SixteenBit.int16("y", [2], scale: 1))
        #expect(OneOpGraph.loweringError(mul) != nil)
    }

    @Test func hostileOptionsAreRefusedByBoth() throws {
        let g = Self.graph([2, 3], [1, 3], [2, 3], s1: 0.001, s2: 0.0005, sOut: 0.002)
        typealias O = AddOptions
        let option = HostileRecords.option
        let program = try KglLowering.lower(g, plan: BothEngines.simplePlan(g))
        try HostileRecords.expectRefusals(program, mutations: [
            option(O.input1Offset, 1, "input 1 offset"), option(O.input2Offset, -1, "input 2 offset"),
            option(O.outputOffset, 1, "output offset"), option(O.leftShift, 16, "left shift"),
            option(O.leftShift, -1, "left shift"), option(O.input1Multiplier, -1, "input 1 multiplier"),
            option(O.input2Shift, 1, "input 2 shift"), option(O.outputShift, -32, "output shift"),
            option(O.activationMin, -32769, "activation min"), option(O.activationMax, 32768, "activation max"),
            HostileRecords.Mutation(name: "min > max") { p in
                p.operators[0].options[O.activationMin.rawValue] = 1
                p.operators[0].options[O.activationMax.rawValue] = 0
            },
            HostileRecords.Mutation(name: "output [3, 3]") { p in p.tensors[p.operators[0].outputs[0]].shape = [3, 3] },
            HostileRecords.Mutation(name: "input b int8") { p in p.tensors[p.operators[0].inputs[1]].type = .int8 },
            HostileRecords.Mutation(name: "output int8") { p in p.tensors[p.operators[0].outputs[0]].type = .int8 },
        ])
        // Legal extremes (multipliers up to 2^31 − 1 with shift 0) stay defined and equal.
        for (slot, value) in [(O.input1Multiplier, Int32.max), (O.input1Shift, 0), (O.input2Multiplier, Int32.max),
                              (O.input2Shift, 0), (O.outputMultiplier, Int32.max), (O.outputShift, 0)] {
            var changed = program
            changed.operators[0].options[slot.rawValue] = value
            let bytes = try KglWriter.write(changed)
            let extremes: [Int16] = [.min, .max, .min, .max, -1, 1]
            let (swift, c) = try BothEngines.run(bytes, inputs: [SixteenBit.int16Bytes(extremes),
                                                                 SixteenBit.int16Bytes([.min, .max, .min])])
            #expect(swift == c, "\(slot) = \(value)")
        }
    }
}
