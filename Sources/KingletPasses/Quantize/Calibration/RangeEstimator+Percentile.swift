extension RangeEstimator {
    /// Percentile clipping on the histogram, in whole bins: high is the upper edge of the
    /// first bin at which the mass counted from the bottom reaches p% of the total; low is
    /// the lower edge of the last bin at which the mass counted from the top reaches it. So
    /// each tail clipped holds at most (100 - p)% of the values (never more, unlike
    /// interpolating inside a bin), and p = 100 gives exactly [min, max].
    static func percentileRange(_ histogram: CalibrationHistogram, _ percentile: Double) -> (low: Double, high: Double) {
        let p = percentile.isNaN ? 100 : Swift.min(Swift.max(percentile, 50), 100)
        // total · p first: integral counts and percentiles stay exact (100 · 98 / 100 = 98).
        let target = histogram.total * p / 100
        let counts = histogram.counts
        var top = counts.count - 1
        var cumulative = 0.0
        for k in counts.indices {
            cumulative += counts[k]
            if cumulative >= target { top = k; break }
        }
        var bottom = 0
        cumulative = 0
        for k in counts.indices.reversed() {
            cumulative += counts[k]
            if cumulative >= target { bottom = k; break }
        }
        return (Swift.min(histogram.edge(bottom), 0), Swift.max(histogram.edge(top + 1), 0))
    }
}
