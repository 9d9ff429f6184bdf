import Foundation
import KingletFormat
import KingletIR
import Testing

/// TANH: both engines agree over all 256 inputs for several quantizations, match TFLite
/// Micro's outputs, stay within one step of the real tanh; wrong output quantization and
/// hostile options are refused.
@Suite struct TanhTests {
    static let output: (scale: Float, zeroPoint: Int) = (1 / 128, 0)

    @Test(arguments: ActivationHarness.goldens("TANH"))
    func matchesTFLiteMicro(_ golden: ActivationGolden) throws {
        #expect(try golden.mismatches() == [])
    }

    @Test(arguments: [(Float(0.03), -10), (0.0061, 77), (0.25, -128), (0.001, 0), (2.0, 100)])
    func allInputsNearTheRealTanh(scale: Float, zeroPoint: Int) throws {
        let y = try ActivationHarness.allInputs(.tanh, input: (scale, zeroPoint), output: Self.output)
        for (x, got) in zip(ActivationHarness.allInt8, y) {
            let expected = ActivationHarness.quantize(128 * Foundation.tanh(Double(scale) * Double(Int(x) - zeroPoint)))
            #expect(abs(Int(got) - expected) <= 1, "x \(x): got \(got), tanh gives \(expected)")
        }
    }

    /// tanh(0) = 0; scale 0.25 is 2^25 in Q4.27 (shift 26), radius floor(15 · 2^27 / 2^26) = 30.
    @Test func handComputed() throws {
        let y = try ActivationHarness.allInputs(.tanh, input: (0.25, 0), output: Self.output)
        func at(_ x: Int) -> Int8 { y[x + 128] }
        #expect(at(0) == 0)
        #expect(at(30) == 127 && at(-30) == -128)
        // tanh(0.25) = 0.244919 → 31.35 → 31; odd symmetry.
        #expect(at(1) == 31 && at(-1) == -31)
    }

    /// From input scale 8 on the radius is 0: every input saturates, x = zp to −128, as in
    /// TFLite Micro.
    @Test func hugeInputScaleSaturatesEverything() throws {
        let y = try ActivationHarness.allInputs(.tanh, input: (20, 0), output: Self.output)
        #expect(y == ActivationHarness.allInt8.map { $0 <= 0 ? -128 : 127 })
    }

    @Test func loweringRequiresTheOutputQuantization() {
        let wrong = ActivationHarness.graph(.tanh, input: (0.05, 0), output: (1 / 256, -128))
        let message = OneOpGraph.loweringError(wrong)
        #expect(message?.contains("scale 0.0078125 with zero point 0") == true, "\(message ?? "accepted")")
    }

    @Test func hostileOptionsAreRefusedByBothEngines() throws {
        let program = try ActivationHarness.program(ActivationHarness.graph(.tanh, input: (0.05, 0), output: Self.output))
        for (slot, value) in [(LogisticOptions.inputZeroPoint, Int32(300)), (.inputRangeRadius, Int32.min),
                              (.inputMultiplier, Int32.min), (.inputLeftShift, 40)] {
            #expect(try ActivationHarness.acceptance(program, slot: slot.rawValue, value: value) == false, "\(slot) = \(value)")
        }
    }
}
