/// A tensor's pass-2 histogram as the range searches read it: bin edges in double precision,
/// the bin that holds 0, and the candidate windows. A window is a bin range [a, b) with
/// a ≤ zeroBin < b, so its quantized range [min(edge(a), 0), max(edge(b), 0)] always
/// contains 0 and never clips it.
struct CalibrationHistogram {
    /// Counts per bin; without the exact zeros when built `excludingZeros`.
    let counts: [Double]
    let total: Double
    let low: Double
    let high: Double
    let width: Double
    let zeroBin: Int
    var binCount: Int { counts.count }

    /// Nil when there is nothing to search: no pass 2, no mass, or min == max (a single
    /// value, where every method agrees with minmax).
    init?(_ statistics: ActivationStatistics, excludingZeros: Bool) {
        guard statistics.count > 0, statistics.min < statistics.max,
              statistics.histogram.count == ActivationStatistics.binCount else { return nil }
        let low = Double(statistics.min), high = Double(statistics.max)
        var counts = statistics.histogram
        if excludingZeros {
            let zeroBin = ActivationStatistics.bin(of: 0, low: low, high: high)
            counts[zeroBin] = Swift.max(counts[zeroBin] - statistics.zeroCount, 0)
        }
        self.init(counts: counts, low: low, high: high)
    }

    /// `ActivationStatistics.binCount` counts over [low, high], low < high; nil without
    /// mass. Tests build histograms that calibration would rarely produce this way.
    init?(counts: [Double], low: Double, high: Double) {
        precondition(counts.count == ActivationStatistics.binCount && low < high,
                     "CalibrationHistogram: \(counts.count) bins over [\(low), \(high)]")
        self.low = low
        self.high = high
        width = (high - low) / Double(ActivationStatistics.binCount)
        zeroBin = ActivationStatistics.bin(of: 0, low: low, high: high)
        total = counts.reduce(0, +)
        guard total > 0 else { return nil }
        self.counts = counts
    }

    /// The lower edge of bin k (k = binCount is the top edge, exactly the observed max).
    func edge(_ k: Int) -> Double {
        k == binCount ? high : low + Double(k) * width
    }

    func center(_ k: Int) -> Double {
        low + (Double(k) + 0.5) * width
    }

    /// The range int8 covers for window [a, b): its edges, widened to include 0.
    func range(_ a: Int, _ b: Int) -> (low: Double, high: Double) {
        (Swift.min(edge(a), 0), Swift.max(edge(b), 0))
    }
}
