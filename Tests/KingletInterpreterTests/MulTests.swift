import KingletFormat
import KingletIR
@testable import KingletInterpreter
import KingletTestSupport
import Testing

/// MUL: both engines agree byte for byte, with hand-computed values and with a plain
/// re-statement of TFLite Micro's int8 mul (CalculateOpDataMul + MulElementwise) over NumPy
/// broadcasting (`BinaryReference`).
@Suite struct MulTests {
    /// s1·s2/s_out = 0.5·0.5/0.125 = 2: (3 − 1)·(−2 − 0) = −4 → −8, + zp_out 5 = −3; a large
    /// product saturates at 127.
    @Test func handComputed() throws {
        let g = BinaryReference.graph(.mul(activation: .none), [2], [2], [2],
                                      q1: (0.5, 1), q2: (0.5, 0), qOut: (0.125, 5))
        #expect(try OneOpGraph.run(g, [[3, 100], [-2, 100]]) == [-3, 127])
        // s = 1/4 = 2^30·2^(−1−31): double rounding. 9: high multiply round(4.5) = 5 (ties up),
        // then 5/2 = 2.5 → 3 (ties away from zero), where 9/4 = 2.25 rounds once to 2;
        // 25: round(12.5) = 13 → 6.5 → 7; −9: −4.5 → −4 (ties toward +∞) → −2.
        let q = BinaryReference.graph(.mul(activation: .none), [3], [3], [3],
                                      q1: (1, 0), q2: (1, 0), qOut: (4, 0))
        #expect(try OneOpGraph.run(q, [[3, 5, -3], [3, 5, 3]]) == [3, 7, -2])
    }

    @Test(arguments: BinaryReference.shapes)
    func randomBroadcastAgainstReference(_ shapes: BinaryReference.Shapes) throws {
        var rng = SeededGenerator(seed: UInt64(shapes.seed) + 1000)
        for activation in [Activation.none, .relu, .reluN1To1] {
            let q1 = (Float.random(in: 0.01...0.2, using: &rng), Int.random(in: -128...127, using: &rng))
            let q2 = (Float.random(in: 0.001...0.5, using: &rng), Int.random(in: -128...127, using: &rng))
            let qOut = (Float.random(in: 0.0005...0.2, using: &rng), Int.random(in: -128...127, using: &rng))
            let g = BinaryReference.graph(.mul(activation: activation), shapes.a, shapes.b, shapes.out,
                                          q1: q1, q2: q2, qOut: qOut)
            let x1 = OneOpGraph.random(shapes.a.reduce(1, *), using: &rng)
            let x2 = OneOpGraph.random(shapes.b.reduce(1, *), using: &rng)
            let got = try OneOpGraph.run(g, [x1, x2])
            let expected = BinaryReference.broadcast(shapes, x1, x2) { a, b in
                BinaryReference.mul(a, b, q1: q1, q2: q2, qOut: qOut, activation: activation)
            }
            #expect(got == expected, "\(activation)")
        }
    }

    /// A rescale above 1 (shift > 0), as when the output scale is finer than s1·s2.
    @Test func multiplierAboveOne() throws {
        var rng = SeededGenerator(seed: 77)
        let (q1, q2, qOut): ((Float, Int), (Float, Int), (Float, Int)) = ((0.5, 0), (0.25, 0), (0.01, -20))
        let g = BinaryReference.graph(.mul(activation: .none), [16], [16], [16], q1: q1, q2: q2, qOut: qOut)
        let x1 = OneOpGraph.random(16, using: &rng).map { $0 / 16 }
        let x2 = OneOpGraph.random(16, using: &rng).map { $0 / 16 }
        let expected = zip(x1, x2).map { BinaryReference.mul($0, $1, q1: q1, q2: q2, qOut: qOut, activation: .none) }
        #expect(try OneOpGraph.run(g, [x1, x2]) == expected)
    }

    @Test func hostileOptionsAreRefusedByBoth() throws {
        let g = BinaryReference.graph(.mul(activation: .none), [2, 3], [1, 3], [2, 3])
        typealias O = MulOptions
        let option = HostileRecords.option
        try HostileRecords.expectRefusals(
            try KglLowering.lower(g, plan: BothEngines.simplePlan(g)),
            mutations: BinaryReference.shapeMutations + [
                option(O.input1Offset, 129, "input 1 offset"), option(O.input2Offset, -128, "input 2 offset"),
                option(O.outputOffset, -129, "output offset"), option(O.outputMultiplier, -1, "multiplier"),
                option(O.outputShift, 31, "shift"), option(O.outputShift, -32, "shift"),
                option(O.activationMin, -129, "activation min"), option(O.activationMax, 128, "activation max"),
                HostileRecords.Mutation(name: "min > max") { p in
                    p.operators[0].options[O.activationMin.rawValue] = 1
                    p.operators[0].options[O.activationMax.rawValue] = 0
                },
            ])
    }
}
