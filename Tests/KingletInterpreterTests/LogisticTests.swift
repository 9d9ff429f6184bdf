import Foundation
import KingletFormat
import KingletIR
import Testing

/// LOGISTIC: both engines agree byte for byte over all 256 inputs for several quantizations,
/// match TFLite Micro's own outputs (goldens), stay within one step of the real sigmoid, and
/// the lowering and the checks refuse what TFLite Micro cannot run.
@Suite struct LogisticTests {
    static let output: (scale: Float, zeroPoint: Int) = (1 / 256, -128)

    @Test(arguments: ActivationHarness.goldens("LOGISTIC"))
    func matchesTFLiteMicro(_ golden: ActivationGolden) throws {
        #expect(try golden.mismatches() == [])
    }

    @Test(arguments: [(Float(0.05), 3), (0.0123, -100), (0.2, 0), (0.0009, 127), (1.0, -128), (1e-5, 0)])
    func allInputsNearTheRealSigmoid(scale: Float, zeroPoint: Int) throws {
        let y = try ActivationHarness.allInputs(.logistic, input: (scale, zeroPoint), output: Self.output)
        for (x, got) in zip(ActivationHarness.allInt8, y) {
            let real = Double(scale) * Double(Int(x) - zeroPoint)
            let expected = ActivationHarness.quantize(256 / (1 + Foundation.exp(-real)) - 128)
            #expect(abs(Int(got) - expected) <= 1, "x \(x): got \(got), sigmoid gives \(expected)")
        }
    }

    /// σ(0) = 1/2 is exactly 0 on the 1/256, −128 scale; scale 0.2 gives Q4.27 shift 25 and
    /// radius floor(15 · 2^27 / 2^25) = 60: |x − zp| ≥ 60 saturates.
    @Test func handComputed() throws {
        let y = try ActivationHarness.allInputs(.logistic, input: (0.2, 0), output: Self.output)
        func at(_ x: Int) -> Int8 { y[x + 128] }
        #expect(at(0) == 0)
        #expect(at(60) == 127 && at(127) == 127)
        #expect(at(-60) == -128 && at(-128) == -128)
        // σ(0.2) = 0.549834 → 140.76 → 141 − 128 = 13.
        #expect(at(1) == 13)
    }

    /// From input scale 8 on, TFLite Micro's radius is 0, so every input saturates — x = zp
    /// included, which its `d <= -radius` test sends to −128 (checked against TFLite Micro).
    @Test func hugeInputScaleSaturatesEverything() throws {
        let y = try ActivationHarness.allInputs(.logistic, input: (9, 5), output: Self.output)
        #expect(y == ActivationHarness.allInt8.map { $0 <= 5 ? -128 : 127 })
    }

    @Test func loweringRequiresTheOutputQuantization() {
        let wrong = ActivationHarness.graph(.logistic, input: (0.05, 0), output: (1 / 128, -128))
        let message = OneOpGraph.loweringError(wrong)
        #expect(message?.contains("scale 0.00390625 with zero point -128") == true, "\(message ?? "accepted")")
        let wrongZero = ActivationHarness.graph(.logistic, input: (0.05, 0), output: (1 / 256, 0))
        #expect(OneOpGraph.loweringError(wrongZero) != nil)
    }

    @Test func hostileOptionsAreRefusedByBothEngines() throws {
        let program = try ActivationHarness.program(ActivationHarness.graph(.logistic, input: (0.05, 0), output: Self.output))
        for (slot, value) in [(LogisticOptions.inputZeroPoint, Int32(128)), (.inputZeroPoint, -129),
                              (.inputRangeRadius, -1), (.inputMultiplier, -5), (.inputLeftShift, 31),
                              (.inputLeftShift, -1)] {
            #expect(try ActivationHarness.acceptance(program, slot: slot.rawValue, value: value) == false, "\(slot) = \(value)")
        }
        // A huge radius with a large shift wraps in the arithmetic but stays defined: accepted,
        // and both engines compute the same bytes.
        #expect(try ActivationHarness.acceptance(program, slot: LogisticOptions.inputRangeRadius.rawValue, value: Int32.max) == true)
        for kind in [OperatorKind.logistic, .tanh] {
            let output: (Float, Int) = kind == .tanh ? (1 / 128, 0) : Self.output
            let p = try ActivationHarness.program(ActivationHarness.graph(kind, input: (0.05, 0), output: output))
            #expect(try ActivationHarness.enginesAgree(p, [(LogisticOptions.inputRangeRadius.rawValue, Int32.max),
                                                          (LogisticOptions.inputMultiplier.rawValue, Int32.max),
                                                          (LogisticOptions.inputLeftShift.rawValue, 30)]))
        }
    }
}
