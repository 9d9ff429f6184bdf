import KingletPasses
import Testing

@Suite struct RangeEstimatorTests {
    static let histogramMethods: [CalibrationMethod] = [.percentile(99.99), .mse, .entropy]
    static let allMethods: [CalibrationMethod] = [.minMax] + histogramMethods

    /// Both passes over `values`, fed in chunks as a calibration loop over samples would.
    static func calibrated(_ values: [Float], chunk: Int = 10_000) -> ActivationStatistics {
        var statistics = ActivationStatistics()
        for start in stride(from: 0, to: values.count, by: chunk) {
            statistics.observeRange(Array(values[start..<Swift.min(start + chunk, values.count)]))
        }
        for start in stride(from: 0, to: values.count, by: chunk) {
            statistics.observeHistogram(Array(values[start..<Swift.min(start + chunk, values.count)]))
        }
        return statistics
    }

    /// The range, after checking what every method promises: 0 inside, not empty, within
    /// [min(min, 0), max(max, 0)].
    static func range(_ statistics: ActivationStatistics, _ method: CalibrationMethod) -> (low: Float, high: Float) {
        let range = RangeEstimator.range(statistics, method: method)
        #expect(range.low <= 0 && 0 <= range.high, "\(method): \(range) does not contain 0")
        #expect(range.low < range.high, "\(method): \(range) is empty")
        if statistics.count > 0 && (statistics.min != 0 || statistics.max != 0) {
            #expect(range.low >= Swift.min(statistics.min, 0) && range.high <= Swift.max(statistics.max, 0),
                    "\(method): \(range) outside [\(statistics.min), \(statistics.max)]")
        }
        return range
    }

    @Test func minMaxIsTheObservedRangeWidenedToZero() {
        #expect(Self.range(Self.calibrated([1, 5, 2]), .minMax) == (0, 5))
        #expect(Self.range(Self.calibrated([-3, -1, -2]), .minMax) == (-3, 0))
        #expect(Self.range(Self.calibrated([-2, 4, 0.5]), .minMax) == (-2, 4))
        #expect(Self.range(Self.calibrated([-2.5, 0.75]), .minMax) == (-2.5, 0.75))
    }

    @Test(arguments: allMethods)
    func emptyRangesBecomeTheTinySymmetricRange(method: CalibrationMethod) {
        let tiny = (low: Float(-1e-6), high: Float(1e-6))
        #expect(Self.range(ActivationStatistics(), method) == tiny)
        #expect(Self.range(Self.calibrated([0, 0, 0, 0]), method) == tiny)
        #expect(Self.range(Self.calibrated([.nan, .infinity]), method) == tiny)
    }

    @Test(arguments: histogramMethods)
    func withoutPass2HistogramMethodsAreMinMax(method: CalibrationMethod) {
        var statistics = ActivationStatistics()
        statistics.observeRange([-1, 50, 0.5, 0.25])
        #expect(Self.range(statistics, method) == (-1, 50))
        // A single repeated value: nothing to clip.
        #expect(Self.range(Self.calibrated([2, 2, 2]), method) == (0, 2))
    }

    @Test func percentileClipsWholeBinsOnAKnownSet() {
        // min -1024 and max 1024 make the 2048 bins [k - 1024, k - 1023): edges are integers.
        // 100 values: -1024 and 1024 once, -2.5 ten times (bin [-3, -2)), 3.5 88 times ([3, 4)).
        let values: [Float] = [-1024, 1024] + Array(repeating: -2.5, count: 10) + Array(repeating: 3.5, count: 88)
        let statistics = Self.calibrated(values)
        // 95%: from the bottom 1, 11, then 99 ≥ 95 at [3, 4) → high 4; from the top 1, 89,
        // then 99 ≥ 95 at [-3, -2) → low -3.
        #expect(Self.range(statistics, .percentile(95)) == (-3, 4))
        #expect(Self.range(statistics, .percentile(99)) == (-3, 4))
        // 99.5%: 99 < 99.5 each way, so the extremes stay.
        #expect(Self.range(statistics, .percentile(99.5)) == (-1024, 1024))
        // 60%: from the top 1, then 89 ≥ 60 at [3, 4) → low 3, widened to 0.
        #expect(Self.range(statistics, .percentile(60)) == (0, 4))
        #expect(Self.range(statistics, .percentile(100)) == (-1024, 1024))
    }

    @Test func percentile100IsMinMax() {
        var samples = SeededSamples(seed: 11)
        let statistics = Self.calibrated(samples.normal(20_000))
        #expect(Self.range(statistics, .percentile(100)) == Self.range(statistics, .minMax))
    }

    /// 100 000 N(0, 1) samples plus 10 values at 50.
    static let withOutliers: ActivationStatistics = {
        var samples = SeededSamples(seed: 2024)
        return calibrated(samples.normal(100_000) + Array(repeating: 50, count: 10))
    }()

    @Test(arguments: [CalibrationMethod.percentile(99.99), .entropy])
    func outliersAreClippedAndTheBulkKept(method: CalibrationMethod) {
        let statistics = Self.withOutliers
        #expect(statistics.max == 50)
        let range = Self.range(statistics, method)
        #expect(range.high < 10)
        #expect(range.high > 2.5)
        #expect(range.low < -2.5)
    }

    @Test func mseKeepsOutliersThatCarryRealMass() {
        // Clipping the 10 values at 50 to ~4.5 costs 10 · 45.5² ≈ 20 700; keeping them costs
        // the 100 000 others a coarser step: 100 010 · ((50 + 4.5) / 255)² / 12 ≈ 380. So the
        // MSE range keeps them (at most trimming a little off the top).
        let range = Self.range(Self.withOutliers, .mse)
        #expect(range.high > 45)
        #expect(range.low < -2.5)
    }

    @Test func mseClipsAFarOutlierThatIsRareEnough() {
        // One value at 50 among 1 000 000 N(0, 1): expected error ≈ (50 − h)² + N·((h − l)/255)²/12.
        // With l ≈ −3.7, d/dh = 0 gives 50 − h = (N / 780 300)(h + 3.7) → h ≈ 19.8.
        var samples = SeededSamples(seed: 99)
        let statistics = Self.calibrated(samples.normal(1_000_000) + [50], chunk: 100_000)
        let range = Self.range(statistics, .mse)
        #expect(range.high > 15)
        #expect(range.high < 25)
        #expect(range.low < -3)
        #expect(range.low > -4.5)
    }

    @Test(arguments: allMethods)
    func uniformDataStaysCloseToMinMax(method: CalibrationMethod) {
        var samples = SeededSamples(seed: 5)
        let statistics = Self.calibrated(samples.uniform(100_000, in: -1...3))
        let range = Self.range(statistics, method)
        let width = statistics.max - statistics.min
        #expect(range.low - statistics.min <= 0.03 * width)
        #expect(statistics.max - range.high <= 0.03 * width)
    }

    @Test(arguments: allMethods)
    func reluOutputsGiveLowZero(method: CalibrationMethod) {
        var samples = SeededSamples(seed: 3)
        let statistics = Self.calibrated(samples.normal(100_000).map { Swift.max($0, 0) })
        #expect(statistics.min == 0)
        let range = Self.range(statistics, method)
        #expect(range.low == 0)
        #expect(range.high > 2.5)
    }

    @Test(arguments: allMethods)
    func nonPositiveOutputsGiveHighZero(method: CalibrationMethod) {
        var samples = SeededSamples(seed: 4)
        let statistics = Self.calibrated(samples.normal(50_000).map { Swift.min($0, 0) })
        let range = Self.range(statistics, method)
        #expect(range.high == 0)
        #expect(range.low < -2.5)
    }

    @Test(arguments: allMethods)
    func dataAwayFromZeroIsWidenedToZero(method: CalibrationMethod) {
        var samples = SeededSamples(seed: 6)
        let statistics = Self.calibrated(samples.uniform(20_000, in: 100...101))
        let range = Self.range(statistics, method)
        #expect(range.low == 0)
        #expect(range.high > 100)
    }

    @Test(arguments: histogramMethods)
    func resultsAreDeterministic(method: CalibrationMethod) {
        var samples = SeededSamples(seed: 8)
        let values = samples.normal(30_000).map { $0 * 2 + 0.5 }
        let first = RangeEstimator.range(Self.calibrated(values), method: method)
        let second = RangeEstimator.range(Self.calibrated(values, chunk: 777), method: method)
        #expect(first == second)
    }
}
