import Foundation
import KingletFormat
import KingletIR
import KingletTestSupport
import Testing

/// SOFTMAX over the last axis: both engines agree on random rows for several quantizations and
/// betas, match TFLite Micro's outputs, stay within one step of the real softmax; hand cases,
/// the rows TFLite Micro cannot finish, refusals.
@Suite struct SoftmaxTests {
    static let output: (scale: Float, zeroPoint: Int) = (1 / 256, -128)

    @Test(arguments: ActivationHarness.goldens("SOFTMAX"))
    func matchesTFLiteMicro(_ golden: ActivationGolden) throws {
        #expect(try golden.mismatches() == [])
    }

    struct Case: Sendable, CustomStringConvertible {
        var rows: Int, depth: Int, scale: Float, zeroPoint: Int, beta: Float, spread: Int
        var description: String { "[\(rows), \(depth)] scale \(scale) zp \(zeroPoint) beta \(beta) spread \(spread)" }
    }

    @Test(arguments: [
        Case(rows: 20, depth: 10, scale: 0.1, zeroPoint: 0, beta: 1, spread: 255),
        Case(rows: 6, depth: 100, scale: 0.02, zeroPoint: -30, beta: 1, spread: 255),
        Case(rows: 30, depth: 3, scale: 0.5, zeroPoint: 10, beta: 2, spread: 20),
        Case(rows: 2, depth: 300, scale: 0.0005, zeroPoint: -128, beta: 1, spread: 255),
        Case(rows: 12, depth: 17, scale: 30, zeroPoint: 4, beta: 1, spread: 2),
        Case(rows: 9, depth: 40, scale: 0.07, zeroPoint: 60, beta: 0.25, spread: 100),
    ])
    func randomRowsNearTheRealSoftmax(_ c: Case) throws {
        var rng = SeededGenerator(seed: UInt64(c.rows * 1000 + c.depth))
        var x: [Int8] = []
        for _ in 0..<c.rows {
            let top = Int.random(in: -128...127, using: &rng)
            x += (0..<c.depth).map { _ in Int8(max(-128, top - Int.random(in: 0...c.spread, using: &rng))) }
        }
        let graph = ActivationHarness.graph(.softmax(beta: c.beta), shape: [c.rows, c.depth],
                                            input: (c.scale, c.zeroPoint), output: Self.output)
        let y = try OneOpGraph.run(graph, [x])
        for r in 0..<c.rows {
            let row = x[(r * c.depth)..<((r + 1) * c.depth)]
            let top = Double(row.max()!)
            let e = row.map { Foundation.exp(Double(c.beta) * Double(c.scale) * (Double($0) - top)) }
            let sum = e.reduce(0, +)
            for (k, v) in e.enumerated() {
                let expected = ActivationHarness.quantize(256 * v / sum - 128)
                let got = Int(y[r * c.depth + k])
                #expect(abs(got - expected) <= 1, "row \(r) column \(k): got \(got), softmax gives \(expected)")
            }
        }
    }

    /// Equal entries share the mass: 1/4 is 64 steps, −64; a single entry is 1, which
    /// saturates at 127.
    @Test func handComputed() throws {
        let quarter = ActivationHarness.graph(.softmax(beta: 1), shape: [1, 4], input: (0.1, 0), output: Self.output)
        #expect(try OneOpGraph.run(quarter, [[7, 7, 7, 7]]) == [-64, -64, -64, -64])
        let single = ActivationHarness.graph(.softmax(beta: 1), shape: [3, 1], input: (0.1, 0), output: Self.output)
        #expect(try OneOpGraph.run(single, [[-128, 0, 127]]) == [127, 127, 127])
        // Scale 30: every difference is beyond diff_min except 0; the maxima share the row.
        let wide = ActivationHarness.graph(.softmax(beta: 1), shape: [1, 4], input: (30, 0), output: Self.output)
        #expect(try OneOpGraph.run(wide, [[5, 4, 5, -100]]) == [0, -128, 0, -128])
    }

    /// Where the sum of exponentials reaches 512 TFLite Micro stops (TFLITE_CHECK on the final
    /// shift); every probability is then below 1/512, so both engines write −128 throughout.
    /// Rows longer than 4095 also saturate the sum instead of wrapping.
    @Test func rowsTFLiteMicroCannotFinish() throws {
        for depth in [512, 1000, 5000] {
            let graph = ActivationHarness.graph(.softmax(beta: 1), shape: [1, depth], input: (0.001, 0), output: Self.output)
            let y = try OneOpGraph.run(graph, [[Int8](repeating: 3, count: depth)])
            #expect(y == [Int8](repeating: -128, count: depth), "depth \(depth)")
        }
        // 511 equal entries still fit: 1/511 of 256 steps rounds to 1 → −127.
        let graph = ActivationHarness.graph(.softmax(beta: 1), shape: [1, 511], input: (0.001, 0), output: Self.output)
        #expect(try OneOpGraph.run(graph, [[Int8](repeating: 3, count: 511)]) == [Int8](repeating: -127, count: 511))
    }

    @Test func loweringRefusals() {
        let wrongOutput = ActivationHarness.graph(.softmax(beta: 1), shape: [1, 4], input: (0.1, 0), output: (1 / 256, 0))
        let message = OneOpGraph.loweringError(wrongOutput)
        #expect(message?.contains("scale 1/256 (0.00390625) with zero point -128") == true, "\(message ?? "accepted")")
        let tinyBeta = ActivationHarness.graph(.softmax(beta: 1e-9), shape: [1, 4], input: (0.1, 0), output: Self.output)
        #expect(OneOpGraph.loweringError(tinyBeta) != nil)
        let scalar = ActivationHarness.graph(.softmax(beta: 1), shape: [], input: (0.1, 0), output: Self.output)
        #expect(OneOpGraph.loweringError(scalar) != nil)
        var mismatched = ActivationHarness.graph(.softmax(beta: 1), shape: [2, 4], input: (0.1, 0), output: Self.output)
        mismatched.tensors[1].shape = [4, 2]
        #expect(OneOpGraph.loweringError(mismatched)?.contains("shape") == true)
    }

    @Test func hostileOptionsAreRefusedByBothEngines() throws {
        let program = try ActivationHarness.program(
            ActivationHarness.graph(.softmax(beta: 1), shape: [2, 4], input: (0.1, 0), output: Self.output))
        for (slot, value) in [(SoftmaxOptions.inputMultiplier, Int32(1 << 29)), (.inputMultiplier, -1),
                              (.inputLeftShift, 0), (.inputLeftShift, 32), (.diffMin, 0), (.diffMin, Int32.min),
                              (.diffMin, 1)] {
            #expect(try ActivationHarness.acceptance(program, slot: slot.rawValue, value: value) == false, "\(slot) = \(value)")
        }
        // The largest legal multiplier and shifts run alike in both engines.
        for shift in [Int32(1), 24, 31] {
            let radius = Int32((UInt32(31) << 26) >> UInt32(shift))
            var changed = program
            changed.operators[0].options[SoftmaxOptions.inputMultiplier.rawValue] = Int32.max
            changed.operators[0].options[SoftmaxOptions.inputLeftShift.rawValue] = shift
            changed.operators[0].options[SoftmaxOptions.diffMin.rawValue] = -radius
            var rng = SeededGenerator(seed: UInt64(shift))
            let (swift, c) = try BothEngines.run(try KglWriter.write(changed), inputs: [rng.int8Bytes(8)])
            #expect(swift == c, "shift \(shift)")
        }
    }
}
