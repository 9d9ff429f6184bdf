/// How `RangeEstimator` turns a tensor's calibration statistics into the float range int8
/// covers.
public enum CalibrationMethod: Sendable, Hashable, CustomStringConvertible {
    /// [min, max] as observed: nothing clipped.
    case minMax
    /// Clip both tails at (100 - p)% / p% of the histogram mass, e.g. 99.99.
    /// Meaningful for 50 < p ≤ 100; other values are clamped into that interval.
    case percentile(Double)
    /// The range minimising expected int8 quantization MSE (clipping + rounding) over the histogram.
    case mse
    /// KL-divergence method (TensorRT-style), adapted to an asymmetric range.
    case entropy

    /// The percentile a bare "percentile" means.
    static let defaultPercentile = 99.99

    /// Parses "minmax", "percentile", "percentile=99.9", "mse", "entropy" (CLI spelling); nil
    /// otherwise, including a percentile that is not a number in (50, 100].
    public init?(parsing text: String) {
        switch text {
        case "minmax": self = .minMax
        case "mse": self = .mse
        case "entropy": self = .entropy
        case "percentile": self = .percentile(Self.defaultPercentile)
        default:
            let prefix = "percentile="
            // p ≤ 50 would put the low clip above the high one; NaN fails both comparisons.
            guard text.hasPrefix(prefix), let p = Double(text.dropFirst(prefix.count)),
                  p > 50, p <= 100 else { return nil }
            self = .percentile(p)
        }
    }

    /// The CLI spelling, e.g. "percentile=99.99"; `init(parsing:)` reads it back.
    public var description: String {
        switch self {
        case .minMax: "minmax"
        case .percentile(let p): "percentile=\(p)"
        case .mse: "mse"
        case .entropy: "entropy"
        }
    }
}
