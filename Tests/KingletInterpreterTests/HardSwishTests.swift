import KingletFormat
import KingletIR
import Testing

/// HARD_SWISH in TFLite's 16-bit fixed point: both engines agree over all 256 inputs, match
/// TFLite Micro, and stay close to the real x · relu6(x + 3) / 6.
@Suite struct HardSwishTests {
    @Test(arguments: ActivationHarness.goldens("HARD_SWISH"))
    func matchesTFLiteMicro(_ golden: ActivationGolden) throws {
        #expect(try golden.mismatches() == [])
    }

    @Test(arguments: [((Float(0.04), 10), (Float(0.03), -20)), ((0.1, -3), (0.4, -100)), ((0.005, 0), (0.004, -128)),
                      ((0.02, 60), (0.0002, 5)), ((0.3, 0), (0.15, -100)), ((0.001, -50), (0.1, 0))])
    func allInputsNearTheRealHardSwish(input: (Float, Int), output: (Float, Int)) throws {
        let y = try ActivationHarness.allInputs(.hardSwish, input: input, output: output)
        for (x, got) in zip(ActivationHarness.allInt8, y) {
            let real = Double(input.0) * Double(Int(x) - input.1)
            let swish = real * min(6, max(0, real + 3)) / 6
            let expected = ActivationHarness.quantize(swish / Double(output.0) + Double(output.1))
            #expect(abs(Int(got) - expected) <= 1, "x \(x): got \(got), hard swish gives \(expected)")
        }
    }

    /// x = zp is 0 → the output zero point; with s_in = s_out = 0.25 (zp 0), x = 12 is 3.0,
    /// above +3 the function is the identity: 12 → 12; x = −12 (−3.0) gives 0; x = 4 (1.0)
    /// gives 1 · 4/6 = 0.667 → 2.67 steps → 3.
    @Test func handComputed() throws {
        let y = try ActivationHarness.allInputs(.hardSwish, input: (0.25, 0), output: (0.25, 0))
        func at(_ x: Int) -> Int8 { y[x + 128] }
        #expect(at(0) == 0 && at(12) == 12 && at(100) == 100 && at(-12) == 0 && at(-100) == 0)
        #expect(at(4) == 3)
    }

    @Test func loweringRefusesAnOutputExponentAboveZero() {
        // input scale / 128 / output scale ≥ 1 (TFLite Micro: output_multiplier_exponent <= 0).
        let graph = ActivationHarness.graph(.hardSwish, input: (1, 0), output: (0.005, 0))
        #expect(OneOpGraph.loweringError(graph)?.contains("HARD_SWISH") == true)
    }

    @Test func hostileOptionsAreRefusedByBothEngines() throws {
        let program = try ActivationHarness.program(ActivationHarness.graph(.hardSwish, input: (0.05, 0), output: (0.05, 0)))
        for (slot, value) in [(HardSwishOptions.inputZeroPoint, Int32(128)), (.outputZeroPoint, -129),
                              (.reluishMultiplierFixedpointInt16, 32768), (.outputMultiplierFixedpointInt16, -1),
                              (.reluishMultiplierExponent, 32), (.reluishMultiplierExponent, -32),
                              (.outputMultiplierExponent, 1), (.outputMultiplierExponent, -32)] {
            #expect(try ActivationHarness.acceptance(program, slot: slot.rawValue, value: value) == false, "\(slot) = \(value)")
        }
        // The extremes of the legal ranges run (int16 shifts beyond 15 follow gemmlowp's own rule).
        for (slot, value) in [(HardSwishOptions.reluishMultiplierExponent, Int32(31)), (.reluishMultiplierExponent, -31),
                              (.outputMultiplierExponent, -31)] {
            #expect(try ActivationHarness.acceptance(program, slot: slot.rawValue, value: value) == true, "\(slot) = \(value)")
        }
    }

    /// The legal extremes also run identically in both engines (no undefined arithmetic).
    @Test func extremeExponentsAgree() throws {
        var program = try ActivationHarness.program(ActivationHarness.graph(.hardSwish, input: (0.05, 0), output: (0.05, 0)))
        for (reluish, output) in [(Int32(31), Int32(-31)), (-31, 0), (20, -16), (-20, -15)] {
            program.operators[0].options[HardSwishOptions.reluishMultiplierExponent.rawValue] = reluish
            program.operators[0].options[HardSwishOptions.outputMultiplierExponent.rawValue] = output
            let kgl = try KglWriter.write(program)
            let (swift, c) = try BothEngines.run(kgl, inputs: [ActivationHarness.allInt8.map { UInt8(bitPattern: $0) }])
            #expect(swift == c, "reluish \(reluish), output \(output)")
        }
    }
}
