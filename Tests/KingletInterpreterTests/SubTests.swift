import KingletFormat
import KingletIR
@testable import KingletInterpreter
import KingletTestSupport
import Testing

/// SUB: both engines agree byte for byte, with hand-computed values and with a plain
/// re-statement of TFLite Micro's int8 sub (CalculateOpDataSub, whose rescale factors are
/// float quotients, then SubElementwise) over NumPy broadcasting (`BinaryReference`).
@Suite struct SubTests {
    /// Equal unit scales: left shift 20, input multipliers 1/2, output multiplier 2^−19, so
    /// the difference is exact: 3 − 4 = −1, −100 − 100 saturates at −128, 100 − (−100) at 127.
    @Test func handComputed() throws {
        let g = BinaryReference.graph(.sub(activation: .none), [3], [3], [3],
                                      q1: (1, 0), q2: (1, 0), qOut: (1, 0))
        #expect(try OneOpGraph.run(g, [[3, -100, 100], [4, 100, -100]]) == [-1, -128, 127])
        // Zero points: (10 − 5) − (−20 − (−10)) = 15 → + zp_out 7 = 22.
        let z = BinaryReference.graph(.sub(activation: .none), [1], [1], [1],
                                      q1: (1, 5), q2: (1, -10), qOut: (1, 7))
        #expect(try OneOpGraph.run(z, [[10], [-20]]) == [22])
        // Output scale 0.5 doubles the steps: 5 − 2 = 3 → 6; 1 − 3 = −2 → −4, cut to 0 by ReLU.
        let s = BinaryReference.graph(.sub(activation: .relu), [2], [2], [2],
                                      q1: (1, 0), q2: (1, 0), qOut: (0.5, 0))
        #expect(try OneOpGraph.run(s, [[5, 1], [2, 3]]) == [6, 0])
        // The first operand broadcast: 10 − [1, 2, 3] (not commutative).
        let b = BinaryReference.graph(.sub(activation: .none), [1], [3], [3],
                                      q1: (1, 0), q2: (1, 0), qOut: (1, 0))
        #expect(try OneOpGraph.run(b, [[10], [1, 2, 3]]) == [9, 8, 7])
    }

    /// CalculateOpDataSub divides in float: for these scales its multipliers differ from
    /// double quotients (ADD's arithmetic) in the low bits, and so does one output:
    /// −50 − (−32) gives −21 as TFLite Micro computes it, −22 with double quotients.
    @Test func floatRescaleFactors() throws {
        let (s1, s2, so): (Float, Float, Float) = (0.09489446, 0.08065237, 0.10064406)
        let g = BinaryReference.graph(.sub(activation: .none), [1], [1], [1],
                                      q1: (s1, 0), q2: (s2, 0), qOut: (so, 0))
        let program = try KglLowering.lower(g, plan: BothEngines.simplePlan(g))
        let options = program.operators[0].options
        typealias O = AddOptions
        #expect(options[O.input1Multiplier.rawValue] == 1_073_741_824 && options[O.input1Shift.rawValue] == 0)
        #expect(options[O.input2Multiplier.rawValue] == 1_825_181_824 && options[O.input2Shift.rawValue] == -1)
        #expect(options[O.outputMultiplier.rawValue] == 2_024_802_048 && options[O.outputShift.rawValue] == -19)
        #expect(try OneOpGraph.run(g, [[-50], [-32]]) == [-21])
        #expect(BinaryReference.sub(-50, -32, q1: (s1, 0), q2: (s2, 0), qOut: (so, 0), activation: .none) == -21)
    }

    @Test(arguments: BinaryReference.shapes)
    func randomBroadcastAgainstReference(_ shapes: BinaryReference.Shapes) throws {
        var rng = SeededGenerator(seed: UInt64(shapes.seed) + 100)
        for activation in [Activation.none, .relu, .relu6, .reluN1To1] {
            let q1 = (Float.random(in: 0.01...0.2, using: &rng), Int.random(in: -128...127, using: &rng))
            let q2 = (Float.random(in: 0.01...0.2, using: &rng), Int.random(in: -128...127, using: &rng))
            let qOut = (Float.random(in: 0.02...0.4, using: &rng), Int.random(in: -128...127, using: &rng))
            let g = BinaryReference.graph(.sub(activation: activation), shapes.a, shapes.b, shapes.out,
                                          q1: q1, q2: q2, qOut: qOut)
            let x1 = OneOpGraph.random(shapes.a.reduce(1, *), using: &rng)
            let x2 = OneOpGraph.random(shapes.b.reduce(1, *), using: &rng)
            // Both ways round, so each input is the broadcast one in some cases.
            let got = try OneOpGraph.run(g, [x1, x2])
            let expected = BinaryReference.broadcast(shapes, x1, x2) { a, b in
                BinaryReference.sub(a, b, q1: q1, q2: q2, qOut: qOut, activation: activation)
            }
            #expect(got == expected, "\(activation)")
            let swapped = BinaryReference.Shapes(a: shapes.b, b: shapes.a, out: shapes.out, seed: shapes.seed)
            let h = BinaryReference.graph(.sub(activation: activation), swapped.a, swapped.b, swapped.out,
                                          q1: q2, q2: q1, qOut: qOut)
            let gotSwapped = try OneOpGraph.run(h, [x2, x1])
            let expectedSwapped = BinaryReference.broadcast(swapped, x2, x1) { a, b in
                BinaryReference.sub(a, b, q1: q2, q2: q1, qOut: qOut, activation: activation)
            }
            #expect(gotSwapped == expectedSwapped, "swapped, \(activation)")
        }
    }

    /// Every pair of int8 values, at scales far apart (one input multiplier near 2^−8), with
    /// zero points at the ends of the range: the engines agree with the reference everywhere.
    @Test func allValuePairs() throws {
        let q1: (Float, Int) = (0.0037, 127), q2: (Float, Int) = (0.9, -128), qOut: (Float, Int) = (0.35, -3)
        let values = (-128...127).map { Int8($0) }
        let x1 = values.flatMap { v in [Int8](repeating: v, count: 256) }
        let x2 = Array((0..<256).map { _ in values }.joined())
        let g = BinaryReference.graph(.sub(activation: .none), [256, 256], [256, 256], [256, 256],
                                      q1: q1, q2: q2, qOut: qOut)
        let expected = zip(x1, x2).map {
            BinaryReference.sub($0, $1, q1: q1, q2: q2, qOut: qOut, activation: .none)
        }
        #expect(try OneOpGraph.run(g, [x1, x2]) == expected)
    }

    /// Shapes that do not broadcast, an output shape that is not the broadcast one, and an
    /// output scale so small that the output multiplier reaches 1 (TFLite aborts) are refused.
    @Test func loweringRefusals() {
        #expect(OneOpGraph.loweringError(BinaryReference.graph(.sub(activation: .none), [2, 3], [2], [2, 3])) != nil)
        #expect(OneOpGraph.loweringError(BinaryReference.graph(.sub(activation: .none), [2, 3], [3], [3, 3])) != nil)
        let tiny = OneOpGraph.loweringError(BinaryReference.graph(.sub(activation: .none), [2, 3], [3], [2, 3],
                                                                  q1: (1, 0), q2: (1, 0), qOut: (1e-7, 0)))
        #expect(tiny?.contains("SUB") == true, "\(tiny ?? "accepted")")
        #expect(OneOpGraph.loweringError(BinaryReference.graph(.sub(activation: .none), [2, 3], [3], [2, 3])) == nil)
    }

    @Test func hostileOptionsAreRefusedByBoth() throws {
        let g = BinaryReference.graph(.sub(activation: .none), [2, 3], [1, 3], [2, 3])
        typealias O = AddOptions
        let option = HostileRecords.option
        try HostileRecords.expectRefusals(
            try KglLowering.lower(g, plan: BothEngines.simplePlan(g)),
            mutations: BinaryReference.shapeMutations + [
                option(O.input1Offset, 129, "input 1 offset"), option(O.input2Offset, -128, "input 2 offset"),
                option(O.outputOffset, 128, "output offset"), option(O.leftShift, 21, "left shift"),
                option(O.leftShift, -1, "left shift"), option(O.input2Multiplier, -1, "input 2 multiplier"),
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

extension BinaryReference {
    /// CalculateOpDataSub (float quotients, widened to double) then SubElementwise.
    static func sub(_ x: Int8, _ y: Int8, q1: (Float, Int), q2: (Float, Int), qOut: (Float, Int),
                    activation: Activation) -> Int8 {
        let twiceMax: Float = 2 * max(q1.0, q2.0)
        let m1 = smallerThanOne(Double(q1.0 / twiceMax))
        let m2 = smallerThanOne(Double(q2.0 / twiceMax))
        let mOut = smallerThanOne(Double(twiceMax / (Float(1 << 20) * qOut.0)))
        let a = (Int64(x) - Int64(q1.1)) << 20
        let b = (Int64(y) - Int64(q2.1)) << 20
        let difference = Reference.requantize(a, multiplier: m1.multiplier, shift: m1.shift)
            - Reference.requantize(b, multiplier: m2.multiplier, shift: m2.shift)
        let r = Reference.requantize(difference, multiplier: mOut.multiplier, shift: mOut.shift) + Int64(qOut.1)
        let (lo, hi) = Reference.clamp(activation, scale: qOut.0, zeroPoint: qOut.1)
        return Int8(min(max(r, lo), hi))
    }
}
