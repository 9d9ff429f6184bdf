extension RangeEstimator {
    /// The window [a, b) (see `CalibrationHistogram`) whose range minimises the expected
    /// squared int8 error over the histogram, each bin's values taken as spread evenly over it:
    /// - a value clipped below low or above high costs its squared distance to that edge
    ///   (bin centre distance² + width²/12, the spread within the bin);
    /// - a value inside costs step²/12, step = (high - low) / 255, the variance of rounding
    ///   to a uniform grid;
    /// - exact zeros cost nothing (0 is the zero point) and are left out.
    /// With prefix sums each window costs O(1), so every window is tried: O(bins²), exact,
    /// no local minima. Ties keep the window met first (lowest a, then highest b): clip less.
    ///
    /// Expected squared error weighs a far outlier by its distance²: n outliers at distance D
    /// are clipped only when n/N < ~1/(12·255²) (the rounding cost of the other N values at the
    /// wider step). That is MSE's answer, not a defect: rare but real mass is kept.
    static func meanSquaredErrorRange(_ histogram: CalibrationHistogram) -> (low: Double, high: Double) {
        let n = histogram.binCount
        // Prefix sums over bins [0, k): count, count·centre, count·centre².
        var c = [Double](repeating: 0, count: n + 1)
        var s1 = c, s2 = c
        for k in 0..<n {
            let count = histogram.counts[k], x = histogram.center(k)
            c[k + 1] = c[k] + count
            s1[k + 1] = s1[k] + count * x
            s2[k + 1] = s2[k] + count * x * x
        }
        let spread = histogram.width * histogram.width / 12
        let roundingFactor = 1.0 / (255 * 255 * 12)
        var best = Double.infinity
        var bestWindow = (0, n)
        for a in 0...histogram.zeroBin {
            let low = Swift.min(histogram.edge(a), 0)
            // Σ count·(low − x)² over the bins below a, plus their spread.
            let lowClip = s2[a] - 2 * low * s1[a] + low * low * c[a] + c[a] * spread
            for b in stride(from: n, through: histogram.zeroBin + 1, by: -1) {
                let high = Swift.max(histogram.edge(b), 0)
                let aboveCount = c[n] - c[b]
                let highClip = (s2[n] - s2[b]) - 2 * high * (s1[n] - s1[b]) + high * high * aboveCount
                    + aboveCount * spread
                let rounding = (c[b] - c[a]) * (high - low) * (high - low) * roundingFactor
                let error = lowClip + highClip + rounding
                if error < best {
                    best = error
                    bestWindow = (a, b)
                }
            }
        }
        return histogram.range(bestWindow.0, bestWindow.1)
    }
}
