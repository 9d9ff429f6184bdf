import KingletFormat
import KingletIR
import Testing

/// RELU6 as TFLite Micro runs it: a clamp to [zp_in, zp_in + round(6 / s_in)] of the input's
/// values, without rescaling (even when the output is quantized differently).
@Suite struct Relu6Tests {
    @Test(arguments: ActivationHarness.goldens("RELU6"))
    func matchesTFLiteMicro(_ golden: ActivationGolden) throws {
        #expect(try golden.mismatches() == [])
    }

    /// s_in 0.1, zp −100: six = −100 + round(6 / 0.1) = −40. With zp 30 and s 0.05, six would
    /// be 150 and clamps to 127. The output quantization plays no part.
    @Test(arguments: [((Float(0.1), -100), -40), ((0.05, 30), 127), ((0.0235, -128), 127), ((1, 5), 11)])
    func handComputed(input: (Float, Int), six: Int8) throws {
        for output in [(input.0, input.1), (input.0 * 3, 0)] {
            let y = try ActivationHarness.allInputs(.relu6, input: input, output: output)
            #expect(y == ActivationHarness.allInt8.map { min(max($0, Int8(input.1)), six) })
        }
    }

    @Test func hostileOptionsAreRefusedByBothEngines() throws {
        let program = try ActivationHarness.program(ActivationHarness.graph(.relu6, input: (0.05, 0), output: (0.05, 0)))
        for (slot, value) in [(ReluOptions.activationMin, Int32(-129)), (.activationMax, 128), (.activationMin, 127)] {
            #expect(try ActivationHarness.acceptance(program, slot: slot.rawValue, value: value) == false, "\(slot) = \(value)")
        }
        // RELU6 reads no other slot.
        #expect(try ActivationHarness.acceptance(program, slot: ReluOptions.outputShift.rawValue, value: 99) == true)
    }
}
