import KingletFormat
import KingletIR
@testable import KingletInterpreter
import KingletTestSupport
import Testing

/// MAX_POOL_2D: both engines agree byte for byte, with hand-computed values and with a plain
/// re-statement of TFLite's reference_integer_ops::MaxPool (`PoolReference`).
@Suite struct MaxPool2DTests {
    static func graph(input: [Int], filter: (Int, Int), stride: (Int, Int), padding: Padding,
                      activation: Activation = .none) -> Graph {
        AveragePool2DTests.graph(input: input, filter: filter, stride: stride, padding: padding,
                                 activation: activation, max: true)
    }

    /// Padding never wins: a SAME window over negative values still gives the largest of
    /// them, not the zero point.
    @Test func handComputed() throws {
        let g = Self.graph(input: [1, 2, 2, 1], filter: (3, 3), stride: (1, 1), padding: .same)
        #expect(try OneOpGraph.run(g, [[-100, -50, -120, -128]]) == [-50, -50, -50, -50])
        let valid = Self.graph(input: [1, 2, 4, 1], filter: (2, 2), stride: (2, 2), padding: .valid)
        #expect(try OneOpGraph.run(valid, [[1, 7, -3, -4, 5, 2, -9, -2]]) == [7, -2])
    }

    /// RELU with zero point −3 clamps below at −3.
    @Test func fusedActivationClamps() throws {
        let g = Self.graph(input: [1, 1, 2, 1], filter: (1, 1), stride: (1, 1), padding: .valid, activation: .relu)
        #expect(try OneOpGraph.run(g, [[-100, 100]]) == [-3, 100])
    }

    @Test(arguments: PoolReference.cases)
    func randomAgainstReference(_ c: PoolReference.Case) throws {
        var rng = SeededGenerator(seed: UInt64(c.seed) + 100)
        let g = Self.graph(input: c.input, filter: c.filter, stride: c.stride, padding: c.padding, activation: c.activation)
        let x = OneOpGraph.random(c.input.reduce(1, *), using: &rng)
        let got = try OneOpGraph.run(g, [x])
        #expect(got == PoolReference.pool(x, c, average: false, scale: 0.5, zeroPoint: -3))
    }

    @Test func hostileOptionsAreRefusedByBoth() throws {
        let g = Self.graph(input: [1, 5, 5, 2], filter: (3, 3), stride: (2, 2), padding: .same)
        try HostileRecords.expectRefusals(try KglLowering.lower(g, plan: BothEngines.simplePlan(g)),
                                          mutations: PoolReference.mutations)
    }
}
