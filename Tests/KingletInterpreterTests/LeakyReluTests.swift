import KingletFormat
import KingletIR
import Testing

/// LEAKY_RELU: identity multiplier for x ≥ zp, alpha multiplier below (negative alphas
/// included). Both engines agree over all 256 inputs, match TFLite Micro, and stay within one
/// step of the real function.
@Suite struct LeakyReluTests {
    @Test(arguments: ActivationHarness.goldens("LEAKY_RELU"))
    func matchesTFLiteMicro(_ golden: ActivationGolden) throws {
        #expect(try golden.mismatches() == [])
    }

    @Test(arguments: [(Float(0.1), (Float(0.02), 10), (Float(0.03), -3)), (0.3, (0.05, -20), (0.04, 5)),
                      (-0.5, (0.01, 0), (0.02, 0)), (1.5, (0.03, 50), (0.01, -60)), (0, (0.1, -128), (0.1, -128)),
                      (0.01, (0.5, 0), (0.5, 0))])
    func allInputsNearTheRealLeakyRelu(alpha: Float, input: (Float, Int), output: (Float, Int)) throws {
        let y = try ActivationHarness.allInputs(.leakyRelu(alpha: alpha), input: input, output: output)
        for (x, got) in zip(ActivationHarness.allInt8, y) {
            let real = Double(input.0) * Double(Int(x) - input.1)
            let leaky = real >= 0 ? real : Double(alpha) * real
            let expected = ActivationHarness.quantize(leaky / Double(output.0) + Double(output.1))
            #expect(abs(Int(got) - expected) <= 1, "x \(x): got \(got), leaky relu gives \(expected)")
        }
    }

    /// Same quantization, alpha 0.5: x ≥ zp unchanged; below, (x − zp)/2 through the doubling
    /// high multiply, whose ties go up: x − zp = −3 → −1.5 → −1, −4 → −2.
    @Test func handComputed() throws {
        let y = try ActivationHarness.allInputs(.leakyRelu(alpha: 0.5), input: (0.1, 10), output: (0.1, 10))
        #expect(y[128 + 20] == 20 && y[128 + 10] == 10)
        #expect(y[128 + 7] == 9 && y[128 + 6] == 8)
        #expect(y[0] == -59) // −138 → −69 → −59
    }

    @Test func hostileOptionsAreRefusedByBothEngines() throws {
        let program = try ActivationHarness.program(
            ActivationHarness.graph(.leakyRelu(alpha: 0.1), input: (0.05, 0), output: (0.05, 0)))
        for (slot, value) in [(LeakyReluOptions.inputOffset, Int32(128)), (.outputOffset, -129),
                              (.identityMultiplier, -1), (.identityShift, 31), (.alphaShift, -32),
                              (.alphaMultiplier, Int32.min)] {
            #expect(try ActivationHarness.acceptance(program, slot: slot.rawValue, value: value) == false, "\(slot) = \(value)")
        }
        #expect(try ActivationHarness.acceptance(program, slot: LeakyReluOptions.alphaMultiplier.rawValue, value: -5) == true)
        #expect(try ActivationHarness.enginesAgree(program, [(LeakyReluOptions.alphaMultiplier.rawValue, -Int32.max),
                                                            (LeakyReluOptions.alphaShift.rawValue, 30),
                                                            (LeakyReluOptions.identityMultiplier.rawValue, Int32.max),
                                                            (LeakyReluOptions.identityShift.rawValue, 30)]))
    }
}
