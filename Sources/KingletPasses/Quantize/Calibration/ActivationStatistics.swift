/// Running statistics of one tensor over the calibration set.
///
/// Calibration is two-pass so a histogram never needs rebinning: pass 1 (`observeRange`)
/// over every sample fixes [min, max]; pass 2 (`observeHistogram`) over the same samples
/// fills `binCount` equal bins over that fixed range. Only finite values count in either
/// pass; NaN and ±infinity are skipped.
public struct ActivationStatistics: Sendable {
    public static let binCount = 2048

    /// +inf before any observation.
    public private(set) var min: Float = .infinity
    /// -inf before any observation.
    public private(set) var max: Float = -.infinity
    /// Finite values observed in pass 1.
    public private(set) var count: Int = 0
    /// `binCount` bins over [min, max] once pass 2 started; empty before.
    public private(set) var histogram: [Double] = []
    /// Exact zeros among the pass-2 values (all in the bin that holds 0). int8 represents 0
    /// exactly (it is the zero point), so the MSE and entropy methods leave them out: they
    /// carry no rounding error and say nothing about where the range should end.
    internal private(set) var zeroCount: Double = 0

    public init() {}

    /// Pass 1: widen min/max (ignores NaN; infinities are clamped out: only finite values count).
    public mutating func observeRange(_ values: [Float]) {
        // Widening the range after binning started would silently misplace every earlier bin.
        precondition(histogram.isEmpty, "ActivationStatistics: pass 1 (observeRange) after pass 2 started")
        for value in values where value.isFinite {
            if value < min { min = value }
            if value > max { max = value }
            count += 1
        }
    }

    /// Pass 1 from another set's pass 1: widen to its [min, max] and add its count, as if its
    /// values had been observed here. Lets one pass over the samples give the range of any
    /// union of them (the k-fold records of `Calibrator`).
    public mutating func observeRange(of other: ActivationStatistics) {
        precondition(histogram.isEmpty, "ActivationStatistics: pass 1 (observeRange) after pass 2 started")
        guard other.count > 0 else { return }
        if other.min < min { min = other.min }
        if other.max > max { max = other.max }
        count += other.count
    }

    /// Pass 2: add values to the histogram over the pass-1 [min, max] (values outside are
    /// clamped into the edge bins). NaN and ±infinity are skipped, so the bins sum to the
    /// number of finite values added. Without a pass-1 range (no finite value seen) there is
    /// nothing to bin against: the histogram stays all zero.
    public mutating func observeHistogram(_ values: [Float]) {
        if histogram.isEmpty { histogram = Array(repeating: 0, count: Self.binCount) }
        guard count > 0 else { return }
        let low = Double(min), high = Double(max)
        for value in values where value.isFinite {
            histogram[Self.bin(of: Double(value), low: low, high: high)] += 1
            if value == 0 && low <= 0 && 0 <= high { zeroCount += 1 }
        }
    }

    /// The bin of `x` in `binCount` equal bins over [low, high], clamped into the edge bins.
    /// A value equal to `high` belongs to the last bin; if low == high everything at or below
    /// it is in bin 0. Shared with the range searches so "the bin that holds 0" agrees.
    static func bin(of x: Double, low: Double, high: Double) -> Int {
        if x <= low { return 0 }
        if x >= high { return binCount - 1 }
        let position = (x - low) / (high - low) * Double(binCount)
        return Swift.min(Int(position), binCount - 1)
    }
}
