/// Asymmetric int8 parameters for a float range, following TensorFlow Lite's rule:
/// include 0, scale = (high - low) / 255, zero point = round(-128 - low / scale) clamped to
/// [-128, 127] (rounding the zero point to an integer is the "nudge" that makes 0 exactly
/// representable; the scale is not nudged).
///
/// The arithmetic is the TFLite converter's for a calibrated min/max, so the same range gives
/// the same parameters. `tf.lite.TFLiteConverter` quantizes with the MLIR quantizer
/// (`experimental_new_quantizer`, on by default), which the Python binding calls with
/// `legacy_float_scale = true` (lite/python `MlirQuantizeModel`). Followed sources, in
/// tensorflow/compiler/mlir/lite/quantization:
/// - `ConvertStatsToQDQs` (quantization_utils.h): rmin = min(min, 0), rmax = max(max, 0) in
///   double; `TensorRangeSanityCheck` widens a range narrower than kNearZeroTolerance = 1e-6
///   by 1e-6 on each side.
/// - `DownCastScale` (quantization_utils.cc), which with legacy_float_scale replaces what
///   `fakeQuantAttrsToType` computed (ir/FakeQuantSupport.cc, double-precision nudging):
///   scale = (float(rmax) − float(rmin)) / 255 in float; zero point from min =
///   −128 − rmin / scale evaluated in double and stored to float; below −128 → −128, above
///   127 → 127, else std::round (half away from zero).
/// The older tensorflow/lite/tools/optimize `GetAsymmetricQuantizationParams` divides in
/// float instead and can differ by one in the zero point at a tie: [-40, 8] gives 84 here
/// (−128 + 212.4999…) and 85 there (212.5 in float).
public struct ActivationQuantization: Sendable, Hashable {
    public let scale: Float
    public let zeroPoint: Int

    /// TFLite's kNearZeroTolerance: narrower ranges are widened by it on each side.
    static let nearZeroTolerance = 1e-6

    public init(low: Float, high: Float) {
        precondition(low.isFinite && high.isFinite, "ActivationQuantization: range [\(low), \(high)] is not finite")
        let (rmin, rmax) = Self.includingZero(low, high)
        let scale = (Float(rmax) - Float(rmin)) / 255
        let fromMin = Float(-128 - rmin / Double(scale))
        let zeroPoint: Int
        if fromMin < -128 {
            zeroPoint = -128
        } else if fromMin > 127 {
            zeroPoint = 127
        } else {
            zeroPoint = Int(fromMin.rounded(.toNearestOrAwayFromZero))
        }
        self.init(scale: scale, zeroPoint: zeroPoint)
    }

    private init(scale: Float, zeroPoint: Int) {
        self.scale = scale
        self.zeroPoint = zeroPoint
    }

    /// Same for int16 activations (16x8): symmetric, zero point 0,
    /// scale = max(|low|, |high|) / 32767, as tools/optimize `GetSymmetricQuantizationParams`
    /// computes it (in float, after including 0). A range narrower than 1e-6 is widened as for
    /// int8 first, so an all-zero tensor does not get scale 0.
    public static func int16(low: Float, high: Float) -> ActivationQuantization {
        precondition(low.isFinite && high.isFinite, "ActivationQuantization: range [\(low), \(high)] is not finite")
        let (rmin, rmax) = includingZero(low, high)
        let magnitude = Swift.max(Swift.abs(Float(rmin)), Swift.abs(Float(rmax)))
        return ActivationQuantization(scale: magnitude / 32767, zeroPoint: 0)
    }

    /// [min(low, 0), max(high, 0)] in double, widened like TFLite's `TensorRangeSanityCheck`.
    private static func includingZero(_ low: Float, _ high: Float) -> (Double, Double) {
        var rmin = Swift.min(Double(low), 0)
        var rmax = Swift.max(Double(high), 0)
        if rmax - rmin < nearZeroTolerance {
            rmin -= nearZeroTolerance
            rmax += nearZeroTolerance
        }
        return (rmin, rmax)
    }
}
