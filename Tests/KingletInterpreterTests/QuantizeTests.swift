import KingletFormat
import KingletIR
import KingletTestSupport
import Testing

/// QUANTIZE to int8, from float32 (AffineQuantize) and from int8 (Requantize): both engines
/// agree, match TFLite Micro, and hand-computed values including ties.
@Suite struct QuantizeTests {
    @Test(arguments: ActivationHarness.goldens("QUANTIZE"))
    func matchesTFLiteMicro(_ golden: ActivationGolden) throws {
        #expect(try golden.mismatches() == [])
    }

    static func floatGraph(scale: Float, zeroPoint: Int, count: Int) -> Graph {
        OneOpGraph.make(.quantize, operands: [Tensor(name: "x", type: .float32, shape: [count])],
                        output: OneOpGraph.int8("y", [count], scale: scale, zeroPoint: zeroPoint))
    }

    static func floatBytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt32($0))) } }
    }

    /// Scale 0.5: x / 0.5 = 2.5 → 3 and −2.5 → −3 (ties away from zero), 1.5 → 2; then + zp 4
    /// and clamp. NaN quantizes to the zero point, ±∞ and huge values saturate.
    @Test func handComputedFromFloat() throws {
        let x: [Float] = [1.25, -1.25, 0.75, 0.2, -0.2, 100, -100, .nan, .infinity, -.infinity, 1e30, -1e30, 0]
        let graph = Self.floatGraph(scale: 0.5, zeroPoint: 4, count: x.count)
        let (swift, c) = try BothEngines.run(try BothEngines.lower(graph), inputs: [Self.floatBytes(x)])
        #expect(swift == c)
        #expect(swift[0].map { Int8(bitPattern: $0) } == [7, 1, 6, 4, 4, 127, -128, 4, 127, -128, 127, -128, 4])
    }

    @Test func randomFloatsAgree() throws {
        var rng = SeededGenerator(seed: 5)
        for (scale, zeroPoint) in [(Float(0.0235), -3), (0.5, 0), (0.00781, 100), (3.3, -128)] {
            let x = (0..<1000).map { _ in Float.random(in: -200...200, using: &rng) * scale }
            let graph = Self.floatGraph(scale: scale, zeroPoint: zeroPoint, count: x.count)
            let (swift, c) = try BothEngines.run(try BothEngines.lower(graph), inputs: [Self.floatBytes(x)])
            #expect(swift == c)
            for (v, got) in zip(x, swift[0]) {
                let q = (v / scale).rounded(.toNearestOrAwayFromZero)
                #expect(Int(Int8(bitPattern: got)) == Int(max(-128, min(127, q + Float(zeroPoint)))))
            }
        }
    }

    /// int8 → int8: equal scales move the zero point exactly: y = x − 5 − 5; scale 0.1 → 0.2
    /// halves with ties up through the doubling high multiply (3 → 1.5 → 2, −3 → −1.5 → −1).
    @Test func handComputedRequantize() throws {
        let shift = try ActivationHarness.allInputs(.quantize, input: (0.05, 5), output: (0.05, -5))
        #expect(shift == ActivationHarness.allInt8.map { Int8(max(-128, Int($0) - 10)) })
        let halve = try ActivationHarness.allInputs(.quantize, input: (0.1, 0), output: (0.2, 0))
        #expect(halve[128 + 3] == 2 && halve[128 - 3] == -1 && halve[128 + 127] == 64 && halve[0] == -64)
    }

    @Test func loweringRefusals() {
        // int32 in, int8 out: TFLite Micro has it (the int32 Requantize), Kinglet does not.
        let int32Input = OneOpGraph.make(.quantize, operands: [Tensor(name: "x", type: .int32, shape: [4],
                                                                      quantization: Quantization(scale: 1, zeroPoint: 0))],
                                         output: OneOpGraph.int8("y", [4], scale: 1, zeroPoint: 0))
        #expect(OneOpGraph.loweringError(int32Input) != nil)
        let hugeRatio = ActivationHarness.graph(.quantize, input: (1e6, 0), output: (1e-5, 0))
        #expect(OneOpGraph.loweringError(hugeRatio) != nil)
    }

    @Test func hostileOptionsAreRefusedByBothEngines() throws {
        let requantize = try ActivationHarness.program(ActivationHarness.graph(.quantize, input: (0.05, 0), output: (0.1, 0)))
        for (slot, value) in [(QuantizeOptions.outputZeroPoint, Int32(128)), (.inputOffset, -129),
                              (.multiplier, -1), (.shift, 31), (.shift, -32)] {
            #expect(try ActivationHarness.acceptance(requantize, slot: slot.rawValue, value: value) == false, "\(slot) = \(value)")
        }
        #expect(try ActivationHarness.enginesAgree(requantize, [(QuantizeOptions.multiplier.rawValue, Int32.max),
                                                               (QuantizeOptions.shift.rawValue, 30)]))
        let fromFloat = try ActivationHarness.program(Self.floatGraph(scale: 0.5, zeroPoint: 0, count: 4))
        for value in [Int32(0), -1, Int32(bitPattern: Float.infinity.bitPattern), Int32(bitPattern: Float.nan.bitPattern),
                      Int32(bitPattern: (-1 as Float).bitPattern)] {
            #expect(try ActivationHarness.acceptance(fromFloat, slot: QuantizeOptions.scaleBits.rawValue, value: value) == false,
                    "scale bits \(value)")
        }
        // The float path reads no requantization slot.
        #expect(try ActivationHarness.acceptance(fromFloat, slot: QuantizeOptions.shift.rawValue, value: 99) == true)
    }
}
