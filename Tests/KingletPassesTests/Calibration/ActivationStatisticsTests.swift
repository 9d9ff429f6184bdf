import KingletPasses
import Testing

@Suite struct ActivationStatisticsTests {
    @Test func startsEmpty() {
        let statistics = ActivationStatistics()
        #expect(statistics.min == .infinity)
        #expect(statistics.max == -.infinity)
        #expect(statistics.count == 0)
        #expect(statistics.histogram.isEmpty)
        #expect(ActivationStatistics.binCount == 2048)
    }

    @Test func rangeAccumulatesOverSeveralCalls() {
        var statistics = ActivationStatistics()
        statistics.observeRange([1, -2, 3])
        statistics.observeRange([0.5])
        statistics.observeRange([])
        statistics.observeRange([-7, 2])
        #expect(statistics.min == -7)
        #expect(statistics.max == 3)
        #expect(statistics.count == 6)
        #expect(statistics.histogram.isEmpty)
    }

    @Test func nanAndInfinitiesAreIgnored() {
        var statistics = ActivationStatistics()
        statistics.observeRange([.nan, .infinity, 2, -.infinity, -1, .nan])
        #expect(statistics.min == -1)
        #expect(statistics.max == 2)
        #expect(statistics.count == 2)

        var nothingFinite = ActivationStatistics()
        nothingFinite.observeRange([.nan, .infinity, -.infinity])
        #expect(nothingFinite.min == .infinity)
        #expect(nothingFinite.max == -.infinity)
        #expect(nothingFinite.count == 0)
    }

    @Test func histogramCountsSumToTheFiniteValuesObserved() {
        var samples = SeededSamples(seed: 7)
        let first = samples.normal(3000), second = samples.normal(1234)
        var statistics = ActivationStatistics()
        statistics.observeRange(first)
        statistics.observeRange(second)
        statistics.observeHistogram(first)
        statistics.observeHistogram(second + [.nan, .infinity, -.infinity])
        #expect(statistics.histogram.count == 2048)
        #expect(statistics.histogram.reduce(0, +) == 4234)
        #expect(statistics.count == 4234)
        // min and max land in the edge bins.
        #expect(statistics.histogram[0] >= 1)
        #expect(statistics.histogram[2047] >= 1)
    }

    @Test func valuesGoToTheirBinsAndOutsideValuesToTheEdgeBins() {
        // [0, 2048] in 2048 bins: bin k is [k, k + 1), and 2048 itself is in the last bin.
        var statistics = ActivationStatistics()
        statistics.observeRange([0, 2048])
        statistics.observeHistogram([-5, 0, 0.5, 1, 1023.5, 2047.5, 2048, 5000, -.infinity])
        var expected = [Double](repeating: 0, count: 2048)
        expected[0] = 3        // -5 (clamped), 0, 0.5
        expected[1] = 1        // 1
        expected[1023] = 1     // 1023.5
        expected[2047] = 3     // 2047.5, 2048, 5000 (clamped)
        #expect(statistics.histogram == expected)
    }

    @Test func aSingleValueRangePutsItInTheFirstBin() {
        var statistics = ActivationStatistics()
        statistics.observeRange([3, 3])
        statistics.observeHistogram([3, 3, 2, 4])
        #expect(statistics.histogram[0] == 3)     // 3, 3 and 2 (below)
        #expect(statistics.histogram[2047] == 1)  // 4 (above)
        #expect(statistics.histogram.reduce(0, +) == 4)
    }

    @Test func histogramWithoutAPass1RangeStaysZero() {
        var statistics = ActivationStatistics()
        statistics.observeHistogram([1, 2, 3])
        #expect(statistics.histogram.count == 2048)
        #expect(statistics.histogram.allSatisfy { $0 == 0 })
    }
}
