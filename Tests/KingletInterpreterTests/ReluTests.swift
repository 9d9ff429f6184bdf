import KingletFormat
import KingletIR
import Testing

/// RELU: requantization to the output scale, then max with the output zero point. Both
/// engines agree over all 256 inputs, match TFLite Micro, and stay within one step of the
/// real max(x, 0).
@Suite struct ReluTests {
    @Test(arguments: ActivationHarness.goldens("RELU"))
    func matchesTFLiteMicro(_ golden: ActivationGolden) throws {
        #expect(try golden.mismatches() == [])
    }

    @Test(arguments: [((Float(0.02), -5), (Float(0.015), -128)), ((0.05, 30), (0.05, 30)),
                      ((0.011, 100), (0.043, -20)), ((0.3, -128), (0.001, 127)), ((0.001, 0), (0.5, 0))])
    func allInputsNearTheRealRelu(input: (Float, Int), output: (Float, Int)) throws {
        let y = try ActivationHarness.allInputs(.relu, input: input, output: output)
        for (x, got) in zip(ActivationHarness.allInt8, y) {
            let real = max(0, Double(input.0) * Double(Int(x) - input.1))
            let expected = ActivationHarness.quantize(real / Double(output.0) + Double(output.1))
            #expect(abs(Int(got) - expected) <= 1, "x \(x): got \(got), relu gives \(expected)")
        }
    }

    /// Equal quantization: the multiplier is exactly 1 (2^30, shift 1), so y = max(x, zp).
    /// Halving the scale doubles: zp 0, s_in 0.2 → s_out 0.1: x = 3 → 6; x = 100 → 127.
    @Test func handComputed() throws {
        let same = try ActivationHarness.allInputs(.relu, input: (0.05, -7), output: (0.05, -7))
        #expect(same == ActivationHarness.allInt8.map { max($0, -7) })
        let doubled = try ActivationHarness.allInputs(.relu, input: (0.2, 0), output: (0.1, 0))
        #expect(doubled[128 + 3] == 6 && doubled[128 + 100] == 127 && doubled[128 - 5] == 0)
    }

    @Test func hostileOptionsAreRefusedByBothEngines() throws {
        let program = try ActivationHarness.program(ActivationHarness.graph(.relu, input: (0.05, 0), output: (0.05, 0)))
        for (slot, value) in [(ReluOptions.inputOffset, Int32(200)), (.outputOffset, -200), (.outputMultiplier, -1),
                              (.outputShift, 31), (.outputShift, -32), (.activationMin, -129),
                              (.activationMax, 128), (.activationMax, -1)] {
            #expect(try ActivationHarness.acceptance(program, slot: slot.rawValue, value: value) == false, "\(slot) = \(value)")
        }
        #expect(try ActivationHarness.enginesAgree(program, [(ReluOptions.outputMultiplier.rawValue, Int32.max),
                                                            (ReluOptions.outputShift.rawValue, 30),
                                                            (ReluOptions.outputOffset.rawValue, 127)]))
    }
}
