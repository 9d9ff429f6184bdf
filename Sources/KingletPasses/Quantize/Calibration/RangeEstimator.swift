/// Picks the float range [low, high] int8 should cover for one tensor from its calibration
/// statistics. Every result contains 0 (low ≤ 0 ≤ high) and lies within
/// [min(min, 0), max(max, 0)]; all searches are deterministic.
///
/// The histogram methods (percentile, mse, entropy) fall back to minmax when there is no
/// histogram to search: pass 2 never ran, it saw no finite value, or min == max.
public enum RangeEstimator {
    /// What an empty range becomes: the TFLite converter widens a calibrated range narrower
    /// than 1e-6 by 1e-6 on each side (`TensorRangeSanityCheck`, kNearZeroTolerance), so an
    /// all-zero tensor gets [-1e-6, 1e-6] there too.
    static let emptyRangeHalfWidth: Float = 1e-6

    /// The float range [low, high] int8 should cover for this tensor, always containing 0
    /// (low ≤ 0 ≤ high) and never empty: a tensor that was all zeros, or never observed,
    /// gets [-1e-6, 1e-6].
    public static func range(_ statistics: ActivationStatistics, method: CalibrationMethod) -> (low: Float, high: Float) {
        guard statistics.count > 0 else { return (-emptyRangeHalfWidth, emptyRangeHalfWidth) }
        let minMax = (low: Swift.min(statistics.min, 0), high: Swift.max(statistics.max, 0))
        var range: (low: Double, high: Double)?
        switch method {
        case .minMax: range = nil
        case .percentile(let p):
            range = CalibrationHistogram(statistics, excludingZeros: false).map { percentileRange($0, p) }
        case .mse:
            range = CalibrationHistogram(statistics, excludingZeros: true).map { meanSquaredErrorRange($0) }
        case .entropy:
            range = CalibrationHistogram(statistics, excludingZeros: true).map { entropyRange($0) }
        }
        // Histogram edges lie within [min, max], and rounding a double within two floats to
        // float stays within them; the clamps only pin the signs of the results.
        var result = minMax
        if let range {
            result = (Swift.max(Swift.min(Float(range.low), 0), minMax.low),
                      Swift.min(Swift.max(Float(range.high), 0), minMax.high))
        }
        if result.low == result.high { return (-emptyRangeHalfWidth, emptyRangeHalfWidth) }
        return result
    }
}
