import KingletFormat
import KingletIR
@testable import KingletInterpreter
import KingletTestSupport
import Testing

/// ADD: both engines agree byte for byte, with hand-computed values and with a plain
/// re-statement of TFLite Micro's int8 add (CalculateOpDataAdd + AddFunc) over NumPy
/// broadcasting (`BinaryReference`).
@Suite struct AddTests {
    /// Equal unit scales: left shift 20, input multipliers 1/2, output multiplier 2^−19, so
    /// the sum is exact: 3 + 4 = 7, −100 + −100 saturates at −128, 100 + 100 at 127.
    @Test func handComputed() throws {
        let g = BinaryReference.graph(.add(activation: .none), [3], [3], [3],
                                      q1: (1, 0), q2: (1, 0), qOut: (1, 0))
        #expect(try OneOpGraph.run(g, [[3, -100, 100], [4, -100, 100]]) == [7, -128, 127])
        // Zero points: (10 − 5) + (−20 − (−10)) = −5 → + zp_out 7 = 2.
        let z = BinaryReference.graph(.add(activation: .none), [1], [1], [1],
                                      q1: (1, 5), q2: (1, -10), qOut: (1, 7))
        #expect(try OneOpGraph.run(z, [[10], [-20]]) == [2])
        // Scale 0.5 output halves the real sum 3 (1 + 2) into 6 steps.
        let s = BinaryReference.graph(.add(activation: .relu), [2], [2], [2],
                                      q1: (1, 0), q2: (1, 0), qOut: (0.5, 0))
        #expect(try OneOpGraph.run(s, [[1, -10], [2, 3]]) == [6, 0])
    }

    @Test(arguments: BinaryReference.shapes)
    func randomBroadcastAgainstReference(_ shapes: BinaryReference.Shapes) throws {
        var rng = SeededGenerator(seed: UInt64(shapes.seed))
        for activation in [Activation.none, .relu, .relu6] {
            let q1 = (Float.random(in: 0.01...0.2, using: &rng), Int.random(in: -128...127, using: &rng))
            let q2 = (Float.random(in: 0.01...0.2, using: &rng), Int.random(in: -128...127, using: &rng))
            let qOut = (Float.random(in: 0.02...0.4, using: &rng), Int.random(in: -128...127, using: &rng))
            let g = BinaryReference.graph(.add(activation: activation), shapes.a, shapes.b, shapes.out,
                                          q1: q1, q2: q2, qOut: qOut)
            let x1 = OneOpGraph.random(shapes.a.reduce(1, *), using: &rng)
            let x2 = OneOpGraph.random(shapes.b.reduce(1, *), using: &rng)
            let got = try OneOpGraph.run(g, [x1, x2])
            let expected = BinaryReference.broadcast(shapes, x1, x2) { a, b in
                BinaryReference.add(a, b, q1: q1, q2: q2, qOut: qOut, activation: activation)
            }
            #expect(got == expected, "\(activation)")
        }
    }

    /// A constant second operand (as a converter folds a bias-like tensor) is read from the
    /// data section.
    @Test func constantOperand() throws {
        let constant = OneOpGraph.int8("c", [4], scale: 0.1, zeroPoint: 2, data: [1, -5, 100, -128])
        let g = OneOpGraph.make(.add(activation: .none),
                                operands: [OneOpGraph.int8("x", [2, 4], scale: 0.05, zeroPoint: -1), constant],
                                output: OneOpGraph.int8("y", [2, 4], scale: 0.2, zeroPoint: 0))
        let x: [Int8] = [0, 1, 2, 3, -4, -5, 127, -128]
        let expected = BinaryReference.broadcast(.init(a: [2, 4], b: [4], out: [2, 4], seed: 0), x, [1, -5, 100, -128]) {
            BinaryReference.add($0, $1, q1: (0.05, -1), q2: (0.1, 2), qOut: (0.2, 0), activation: .none)
        }
        #expect(try OneOpGraph.run(g, [x]) == expected)
    }

    /// Shapes that do not broadcast, an output shape that is not the broadcast one, and an
    /// output scale so small that the output multiplier reaches 1 (TFLite aborts) are refused.
    @Test func loweringRefusals() {
        #expect(OneOpGraph.loweringError(BinaryReference.graph(.add(activation: .none), [2, 3], [2], [2, 3])) != nil)
        #expect(OneOpGraph.loweringError(BinaryReference.graph(.add(activation: .none), [2, 3], [3], [3, 3])) != nil)
        #expect(OneOpGraph.loweringError(BinaryReference.graph(.add(activation: .none), [2, 3], [3], [2, 3],
                                                               q1: (1, 0), q2: (1, 0), qOut: (1e-7, 0))) != nil)
        #expect(OneOpGraph.loweringError(BinaryReference.graph(.add(activation: .none), [2, 3], [3], [2, 3])) == nil)
    }

    @Test func hostileOptionsAreRefusedByBoth() throws {
        let g = BinaryReference.graph(.add(activation: .none), [2, 3], [1, 3], [2, 3])
        typealias O = AddOptions
        let option = HostileRecords.option
        try HostileRecords.expectRefusals(
            try KglLowering.lower(g, plan: BothEngines.simplePlan(g)),
            mutations: BinaryReference.shapeMutations + [
                option(O.input1Offset, 129, "input 1 offset"), option(O.input2Offset, -128, "input 2 offset"),
                option(O.outputOffset, 128, "output offset"), option(O.leftShift, 21, "left shift"),
                option(O.leftShift, -1, "left shift"), option(O.input1Multiplier, -1, "input 1 multiplier"),
                option(O.outputMultiplier, Int32.min, "output multiplier"),
                option(O.input1Shift, 1, "input 1 shift"), option(O.input2Shift, -32, "input 2 shift"),
                option(O.outputShift, 1, "output shift"), option(O.activationMin, -129, "activation min"),
                option(O.activationMax, 128, "activation max"),
                HostileRecords.Mutation(name: "min > max") { p in
                    p.operators[0].options[O.activationMin.rawValue] = 1
                    p.operators[0].options[O.activationMax.rawValue] = 0
                },
            ])
    }
}

/// TFLite Micro's int8 ADD and MUL re-stated plainly in Int64, NumPy broadcasting by
/// explicit multi-indices, and the shapes and hostile mutations the two suites share.
enum BinaryReference {
    struct Shapes: CustomStringConvertible, Sendable {
        var a: [Int]
        var b: [Int]
        var out: [Int]
        var seed: Int
        var description: String { "\(a) ∘ \(b) → \(out)" }
    }

    static let shapes: [Shapes] = [
        Shapes(a: [2, 3, 4], b: [2, 3, 4], out: [2, 3, 4], seed: 1),
        Shapes(a: [1, 4, 4, 8], b: [8], out: [1, 4, 4, 8], seed: 2),
        Shapes(a: [3], b: [2, 5, 3], out: [2, 5, 3], seed: 3),
        Shapes(a: [2, 1, 4], b: [3, 1], out: [2, 3, 4], seed: 4),
        Shapes(a: [], b: [2, 2], out: [2, 2], seed: 5),
        Shapes(a: [1, 1, 1, 1], b: [2, 3, 1, 5], out: [2, 3, 1, 5], seed: 6),
        Shapes(a: [2, 1, 3, 1, 2, 1], b: [1, 2, 1, 4, 1, 3], out: [2, 2, 3, 4, 2, 3], seed: 7),
        Shapes(a: [5, 1], b: [1, 6], out: [5, 6], seed: 8),
        Shapes(a: [1, 7, 7, 16], b: [1, 1, 1, 16], out: [1, 7, 7, 16], seed: 9),
    ]

    static func graph(_ kind: OperatorKind, _ a: [Int], _ b: [Int], _ out: [Int],
                      q1: (Float, Int) = (0.1, 3), q2: (Float, Int) = (0.05, -7),
                      qOut: (Float, Int) = (0.2, 1)) -> Graph {
        OneOpGraph.make(kind, operands: [OneOpGraph.int8("a", a, scale: q1.0, zeroPoint: q1.1),
                                         OneOpGraph.int8("b", b, scale: q2.0, zeroPoint: q2.1)],
                        output: OneOpGraph.int8("y", out, scale: qOut.0, zeroPoint: qOut.1))
    }

    /// f applied to the input elements each output element combines: an output multi-index
    /// maps to each input by dropping its leading axes and reading index 0 along size-1 axes.
    static func broadcast(_ s: Shapes, _ x1: [Int8], _ x2: [Int8], _ f: (Int8, Int8) -> Int8) -> [Int8] {
        func offset(_ index: [Int], in shape: [Int]) -> Int {
            let tail = Array(index.suffix(shape.count))
            var flat = 0
            for (axis, size) in shape.enumerated() { flat = flat * size + (size == 1 ? 0 : tail[axis]) }
            return flat
        }
        let count = s.out.reduce(1, *)
        return (0..<count).map { n in
            var index = [Int](repeating: 0, count: s.out.count)
            var rest = n
            for axis in s.out.indices.reversed() {
                index[axis] = rest % s.out[axis]
                rest /= s.out[axis]
            }
            return f(x1[offset(index, in: s.a)], x2[offset(index, in: s.b)])
        }
    }

    /// QuantizeMultiplierSmallerThanOneExp's result for a real in (0, 1).
    static func smallerThanOne(_ real: Double) -> QuantizedMultiplier {
        let q = QuantizedMultiplier(real)
        precondition(real > 0 && real < 1 && q.shift <= 0)
        return q
    }

    /// CalculateOpDataAdd then AddFunc.
    static func add(_ x: Int8, _ y: Int8, q1: (Float, Int), q2: (Float, Int), qOut: (Float, Int),
                    activation: Activation) -> Int8 {
        let twiceMax = 2 * Double(max(q1.0, q2.0))
        let m1 = smallerThanOne(Double(q1.0) / twiceMax)
        let m2 = smallerThanOne(Double(q2.0) / twiceMax)
        let mOut = smallerThanOne(twiceMax / (Double(1 << 20) * Double(qOut.0)))
        let a = (Int64(x) - Int64(q1.1)) << 20
        let b = (Int64(y) - Int64(q2.1)) << 20
        let sum = Reference.requantize(a, multiplier: m1.multiplier, shift: m1.shift)
            + Reference.requantize(b, multiplier: m2.multiplier, shift: m2.shift)
        let r = Reference.requantize(sum, multiplier: mOut.multiplier, shift: mOut.shift) + Int64(qOut.1)
        let (lo, hi) = Reference.clamp(activation, scale: qOut.0, zeroPoint: qOut.1)
        return Int8(min(max(r, lo), hi))
    }

    /// CalculateOpDataMul then MulElementwise (the rescale's left shift wraps in int32).
    static func mul(_ x: Int8, _ y: Int8, q1: (Float, Int), q2: (Float, Int), qOut: (Float, Int),
                    activation: Activation) -> Int8 {
        let m = QuantizedMultiplier(Double(q1.0) * Double(q2.0) / Double(qOut.0))
        let product = (Int64(x) - Int64(q1.1)) * (Int64(y) - Int64(q2.1))
        let r = Int64(Int32(truncatingIfNeeded: Reference.requantize(product, multiplier: m.multiplier, shift: m.shift) + Int64(qOut.1)))
        let (lo, hi) = Reference.clamp(activation, scale: qOut.0, zeroPoint: qOut.1)
        return Int8(min(max(r, lo), hi))
    }

    /// Shape mutations both binary kernels must refuse (built on a [2, 3] ∘ [1, 3] graph).
    static var shapeMutations: [HostileRecords.Mutation] {
        [
            HostileRecords.Mutation(name: "output [3, 3]") { p in p.tensors[p.operators[0].outputs[0]].shape = [3, 3] },
            HostileRecords.Mutation(name: "output [1, 2, 3] (rank beyond both inputs)") { p in
                p.tensors[p.operators[0].outputs[0]].shape = [1, 2, 3]
            },
            HostileRecords.Mutation(name: "output [6]") { p in p.tensors[p.operators[0].outputs[0]].shape = [6] },
            HostileRecords.Mutation(name: "input b [1, 2]") { p in p.tensors[p.operators[0].inputs[1]].shape = [1, 2] },
            HostileRecords.Mutation(name: "input a int16") { p in p.tensors[p.operators[0].inputs[0]].type = .int16 },
            HostileRecords.Mutation(name: "output int32") { p in
                let t = p.operators[0].outputs[0]
                p.tensors[t].type = .int32
                p.tensors[t].shape = [2, 3]
            },
        ]
    }
}
