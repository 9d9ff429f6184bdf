extension RangeEstimator {
    /// int8 levels: Q merges the window into this many quantization bins.
    static let quantizationLevels = 256
    /// Passes of the alternating search; it usually settles in two.
    static let entropySearchRounds = 4

    /// The KL-divergence method of TensorRT's 8-bit calibration, as NVIDIA's
    /// pytorch-quantization `_compute_amax_entropy` and TVM's `MinimizeKL` (relay/quantize,
    /// from MXNet) implement it for a symmetric threshold, adapted to an asymmetric range:
    ///
    /// - Candidates are windows [a, b) of histogram bins that keep the bin holding 0
    ///   (see `CalibrationHistogram`), so the range always contains 0.
    /// - P is the window's histogram with the mass outside folded into its edge bins (both
    ///   references fold the clipped tail into the last bin).
    /// - Q merges the window's own bins, unfolded, into 256 levels of equal width over the
    ///   quantized range [min(low, 0), max(high, 0)] (each bin by its centre), and spreads
    ///   each level's mass evenly over the level's bins where P is non-zero (both references
    ///   spread over non-empty bins only, so empty stretches stay empty in Q).
    ///   Q = 0 where P > 0 makes KL infinite: such a window is never chosen.
    /// - The window must be at least 256 bins wide (TensorRT starts at as many bins as levels).
    ///   Narrower, Q = P inside and KL only measures clipping; and when the data sits away from
    ///   0 (range [0, high] much wider than the data), a window of a few bins can hold all the
    ///   mass folded into one level, where P and Q coincide and KL is 0.
    /// - Exact zeros are left out of P and Q: int8 holds 0 exactly, and a ReLU's spike at 0
    ///   would otherwise dominate the divergence (TensorRT overwrites bin 0 with bin 1 for the
    ///   same reason; zero counting removes only the zeros).
    /// - Smallest KL(P‖Q) wins; ties keep the window found first, which starts as [min, max].
    ///
    /// Searching all (a, b) pairs would cost O(bins³); instead the search alternates exact
    /// scans over b (a fixed) and over a (b fixed), starting from [min, max], for at most
    /// `entropySearchRounds` rounds. With prefix sums each window costs O(levels), so a scan is
    /// O(bins · levels). The two tails interact only through the level width, so the
    /// alternation settles quickly; it is a local search and may miss a far-off pair.
    /// `EntropyDivergence` evaluates a window (and says how it does so fast, exactly).
    static func entropyRange(_ histogram: CalibrationHistogram) -> (low: Double, high: Double) {
        let n = histogram.binCount
        let divergence = EntropyDivergence(histogram)
        var a = 0, b = n
        var best = divergence(a, b)
        // A scan repeated with the same fixed end meets the same divergences, none below the
        // best it already left (best only falls): it cannot move, so it is skipped.
        var scannedWithA: Int?, scannedWithB: Int?
        for _ in 0..<entropySearchRounds {
            let previous = (a, b)
            if scannedWithA != a {
                scannedWithA = a
                for candidate in stride(from: n, through: histogram.zeroBin + 1, by: -1) {
                    let d = divergence(a, candidate)
                    if d < best { best = d; b = candidate }
                }
            }
            if scannedWithB != b {
                scannedWithB = b
                for candidate in 0...histogram.zeroBin {
                    let d = divergence(candidate, b)
                    if d < best { best = d; a = candidate }
                }
            }
            if previous == (a, b) { break }
        }
        return histogram.range(a, b)
    }

    static func xLogX(_ x: Double) -> Double {
        x > 0 ? x * naturalLog(x) : 0
    }

    /// ln x for finite x > 0 in plain double arithmetic, so the search picks the same window
    /// on every platform (libm's log may differ in the last bit between them) and the module
    /// needs no libm: x = m·2^e with m in [√½, √2], ln m = 2·atanh(s), s = (m − 1)/(m + 1),
    /// |s| ≤ 0.172, whose odd series reaches double precision within 13 terms.
    static func naturalLog(_ x: Double) -> Double {
        var m = x.significand
        var e = Double(x.exponent)
        if m > 1.4142135623730951 {
            m *= 0.5
            e += 1
        }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var power = s
        var sum = 0.0
        for k in 0..<13 {
            sum += power / Double(2 * k + 1)
            power *= s2
        }
        return 2 * sum + e * 0.6931471805599453
    }
}
