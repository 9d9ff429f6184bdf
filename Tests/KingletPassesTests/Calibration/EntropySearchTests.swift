@testable import KingletPasses
import KingletTestSupport
import Testing

/// The fast entropy search (`EntropyDivergence`, skipped repeat scans) against its readable
/// specification, `entropyRangeReference`: the same window, bit for bit, on every histogram.
@Suite struct EntropySearchTests {
    static let bins = ActivationStatistics.binCount

    /// A histogram of `counts` over [low, high]; nil only when `counts` hold no mass.
    static func histogram(_ counts: [Double], _ low: Double, _ high: Double) -> CalibrationHistogram? {
        CalibrationHistogram(counts: counts, low: low, high: high)
    }

    /// Shapes calibration produces and edge cases it rarely does, over ranges that straddle
    /// 0, start at it, end at it, or lie away from it on either side.
    static func histograms(seed: UInt64, count: Int) -> [(name: String, histogram: CalibrationHistogram)] {
        var random = SeededGenerator(seed: seed)
        let ranges: [(Double, Double)] = [(-1, 3), (0, 6), (-5, 0), (-0.001, 40), (2, 3), (-7, -0.5), (-1, 1),
                                          (-1e-30, 1e-30), (-3.25, 0.75)]
        var result: [(String, CalibrationHistogram)] = []
        for i in 0..<count {
            let (low, high) = ranges[i % ranges.count]
            var counts = [Double](repeating: 0, count: bins)
            let shape = (i / ranges.count) % 7
            switch shape {
            case 0:  // all mass in one bin
                counts[Int.random(in: 0..<bins, using: &random)] = Double(Int.random(in: 1...1_000, using: &random))
            case 1:  // a tiny total: a handful of values in a few bins
                for _ in 0..<Int.random(in: 1...4, using: &random) { counts[Int.random(in: 0..<bins, using: &random)] += 1 }
            case 2:  // mostly empty bins, the rest sparse
                for k in 0..<bins where Int.random(in: 0..<50, using: &random) == 0 {
                    counts[k] = Double(Int.random(in: 1...30, using: &random))
                }
            case 3:  // a bell around a random centre with a long sparse tail
                let centre = Double(Int.random(in: 0..<bins, using: &random))
                let spread = Double(Int.random(in: 5...400, using: &random))
                for k in 0..<bins {
                    let z = (Double(k) - centre) / spread
                    counts[k] = (20_000 / (1 + z * z * z * z)).rounded(.down)
                }
                for _ in 0..<20 { counts[Int.random(in: 0..<bins, using: &random)] += 1 }
            case 4:  // dense uniform noise
                for k in 0..<bins { counts[k] = Double(Int.random(in: 0...100, using: &random)) }
            case 5:  // two clusters with empty space between, one at an edge bin
                let middle = Int.random(in: 300..<(bins - 300), using: &random)
                for k in 0..<40 { counts[k] = Double(Int.random(in: 0...9, using: &random)) }
                for k in middle..<(middle + 60) { counts[k] = Double(Int.random(in: 100...5_000, using: &random)) }
                counts[bins - 1] = 1
            default:  // ReLU-like: a decaying run from the bottom, outliers at the top
                for k in 0..<bins { counts[k] = (50_000 * Double.pow2(-Double(k) / 90)).rounded(.down) }
                counts[bins - 1] += Double(Int.random(in: 0...3, using: &random))
            }
            if let histogram = histogram(counts, low, high) { result.append(("\(i) shape \(shape) over [\(low), \(high)]", histogram)) }
        }
        return result
    }

    static func same(_ x: (low: Double, high: Double), _ y: (low: Double, high: Double)) -> Bool {
        x.low.bitPattern == y.low.bitPattern && x.high.bitPattern == y.high.bitPattern
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func searchPicksTheReferenceWindow(seed: UInt64) {
        for (name, histogram) in Self.histograms(seed: seed, count: 21) {
            let fast = RangeEstimator.entropyRange(histogram)
            let reference = RangeEstimator.entropyRangeReference(histogram)
            #expect(Self.same(fast, reference), "\(name): \(fast) != reference \(reference)")
        }
    }

    @Test func windowDivergencesAreTheReferenceValues() throws {
        var random = SeededGenerator(seed: 17)
        for (name, histogram) in Self.histograms(seed: 9, count: 28) {
            // Every width class, the window edges, the full range, and narrower than 256 bins.
            var windows: [(Int, Int)] = [(0, Self.bins), (0, 256), (Self.bins - 256, Self.bins), (0, 255), (10, 200)]
            for _ in 0..<40 {
                let a = Int.random(in: 0...histogram.zeroBin, using: &random)
                let b = Int.random(in: (histogram.zeroBin + 1)...Self.bins, using: &random)
                windows.append((a, b))
            }
            windows = windows.filter { $0.0 <= histogram.zeroBin && histogram.zeroBin < $0.1 }
            let expected = RangeEstimator.entropySearchReference(histogram, windows: windows).divergences
            let divergence = EntropyDivergence(histogram)
            // Twice: the second pass reads the terms the first one kept.
            for _ in 0..<2 {
                for ((a, b), reference) in zip(windows, expected) {
                    let fast = divergence(a, b)
                    #expect(fast.bitPattern == reference.bitPattern,
                            "\(name): window [\(a), \(b)): \(fast) != reference \(reference)")
                }
            }
        }
    }

    @Test func calibratedStatisticsPickTheReferenceWindow() throws {
        // Through `ActivationStatistics`, with exact zeros left out, as calibration builds it.
        var random = SeededGenerator(seed: 23)
        for trial in 0..<6 {
            var values: [Float] = []
            for _ in 0..<20_000 {
                let u = Float(Double(random.next() >> 11) * 0x1p-53)
                let x = (u - 0.4) * (u - 0.4) * (u - 0.4) * 50
                values.append(trial % 2 == 0 ? Swift.max(x, 0) : x + Float(trial))
            }
            values += [Float](repeating: 0, count: 500) + [200]
            var statistics = ActivationStatistics()
            statistics.observeRange(values)
            statistics.observeHistogram(values)
            let histogram = try #require(CalibrationHistogram(statistics, excludingZeros: true))
            let fast = RangeEstimator.entropyRange(histogram)
            let reference = RangeEstimator.entropyRangeReference(histogram)
            #expect(Self.same(fast, reference), "trial \(trial): \(fast) != reference \(reference)")
        }
    }
}

private extension Double {
    /// 2^x by repeated halving of whole powers, without Foundation (x ≤ 0, coarse is fine).
    static func pow2(_ x: Double) -> Double {
        var result = 1.0
        var remaining = -x
        while remaining >= 1 { result *= 0.5; remaining -= 1 }
        return result * (1 - 0.3 * remaining)
    }
}
