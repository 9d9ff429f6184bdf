import KingletPasses
import Testing

@Suite struct ActivationQuantizationTests {
    @Test func symmetricUnitRange() {
        // scale = 2/255 in float = 0.0078431377 (a hair above 2/255), so −1/scale = −127.49999…
        // and the zero point from min is −128 + 127.49999… = −0.5000076: not a tie, rounds to −1.
        let q = ActivationQuantization(low: -1, high: 1)
        #expect(q.scale == Float(2) / Float(255))
        #expect(q.zeroPoint == -1)
    }

    @Test func nonNegativeRangeHasZeroPointMinus128() {
        let q = ActivationQuantization(low: 0, high: 6)
        #expect(q.scale == Float(6) / Float(255))
        #expect(q.zeroPoint == -128)
    }

    @Test func rangesWithoutZeroAreExtendedToIt() {
        // [2, 5] is quantized as [0, 5]; [-3, -1] as [-3, 0], whose zero point from min is
        // −128 + 3 / (3/255) = 127 (126.99999 in float, rounding to 127).
        #expect(ActivationQuantization(low: 2, high: 5) == ActivationQuantization(low: 0, high: 5))
        #expect(ActivationQuantization(low: 2, high: 5).scale == Float(5) / Float(255))
        #expect(ActivationQuantization(low: 2, high: 5).zeroPoint == -128)
        let negative = ActivationQuantization(low: -3, high: -1)
        #expect(negative == ActivationQuantization(low: -3, high: 0))
        #expect(negative.scale == Float(3) / Float(255))
        #expect(negative.zeroPoint == 127)
    }

    @Test func asymmetricRanges() {
        // [-2, 6]: scale 8/255, zero point −128 + 2 · 255/8 = −64.25 → −64.
        let q = ActivationQuantization(low: -2, high: 6)
        #expect(q.scale == Float(8) / Float(255))
        #expect(q.zeroPoint == -64)
        // [-0.5, 1.5]: scale 2/255, zero point −128 + 0.5 · 127.5 = −64.25 → −64.
        let r = ActivationQuantization(low: -0.5, high: 1.5)
        #expect(r.scale == Float(2) / Float(255))
        #expect(r.zeroPoint == -64)
        // [-1, 3]: scale 4/255, −128 + 63.75 = −64.25 → −64.
        #expect(ActivationQuantization(low: -1, high: 3).zeroPoint == -64)
    }

    @Test func zeroPointQuotientIsTakenInDoubleAsTheConverterDoes() {
        // [-40, 8]: scale = 48/255 in float = 0.18823530 (above 48/255), 40 / scale in double
        // = 212.49999…, zero point from min 84.49999… → 84. Dividing in float instead (TFLite's
        // older tools/optimize path) rounds the quotient to 212.5 and gives 85.
        let q = ActivationQuantization(low: -40, high: 8)
        #expect(q.scale == Float(48) / Float(255))
        #expect(q.zeroPoint == 84)
    }

    @Test func emptyRangeIsWidenedByTheNearZeroTolerance() {
        // [0, 0] → [-1e-6, 1e-6] (TFLite's kNearZeroTolerance): scale (2e-6 in float) / 255,
        // zero point −128 + 1e-6 / scale ≈ −0.49999: rounds to 0.
        let q = ActivationQuantization(low: 0, high: 0)
        #expect(q.scale == (Float(1e-6) - Float(-1e-6)) / 255)
        #expect(q.zeroPoint == 0)
    }

    @Test(arguments: [(Float(-1), Float(1)), (0, 6), (-2, 6), (-40, 8), (-3, -1), (0.25, 0.75), (-1e-3, 5e-4)])
    func zeroIsExactlyRepresentableAndTheRangeFits(low: Float, high: Float) {
        let q = ActivationQuantization(low: low, high: high)
        #expect(q.scale > 0)
        #expect((-128...127).contains(q.zeroPoint))
        // The range's ends quantize within one step of the int8 ends.
        let lowest = (Swift.min(low, 0) / q.scale).rounded() + Float(q.zeroPoint)
        let highest = (Swift.max(high, 0) / q.scale).rounded() + Float(q.zeroPoint)
        #expect(lowest >= -129 && highest <= 128)
    }

    @Test func int16IsSymmetricWithZeroPointZero() {
        let q = ActivationQuantization.int16(low: -3, high: 1)
        #expect(q.scale == Float(3) / Float(32767))
        #expect(q.zeroPoint == 0)
        #expect(ActivationQuantization.int16(low: -2, high: 6).scale == Float(6) / Float(32767))
        // [0.5, 2] is extended to [0, 2].
        #expect(ActivationQuantization.int16(low: 0.5, high: 2).scale == Float(2) / Float(32767))
        #expect(ActivationQuantization.int16(low: 0, high: 0).scale == Float(1e-6) / Float(32767))
    }
}
