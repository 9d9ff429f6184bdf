import Foundation
import KingletInterpreter
import KingletIR
import KingletPasses

/// Records what every activation of a float graph does over calibration samples: pass 1
/// the ranges, pass 2 histograms over those ranges (for the clipping methods).
public enum Calibrator {
    /// What calibration learned about each activation tensor.
    public struct Record: Sendable {
        public var statistics: [Int: ActivationStatistics] = [:]
        /// Mean per channel (last axis) over every sample and position, for bias correction.
        public var channelMeans: [Int: [Float]] = [:]
    }

    /// Ranges and histograms of every activation over `samples`, and the channel means;
    /// without `histograms` only the ranges and means (one float run per sample).
    public static func record(_ graph: Graph, samples: [[[Float]]], histograms: Bool = true,
                              progress: ((Int, Int) -> Void)? = nil) throws -> Record {
        try record(graph, samples: samples, outsideOf: [], histograms: histograms, progress: progress).all
    }

    /// The record of all samples and, for each fold (indices into `samples`), the record of
    /// the samples outside it — what `record(_:samples:)` of those samples gives — from the
    /// same two passes over the samples: pass 1 keeps each sample's range per tensor, so every
    /// fold's complement knows its range before pass 2 bins each sample into the complements
    /// that contain it. Out-of-sample measures (k-fold) thus cost no extra float runs.
    public static func record(_ graph: Graph, samples: [[[Float]]], outsideOf folds: [[Int]], histograms: Bool = true,
                              progress: ((Int, Int) -> Void)? = nil) throws -> (all: Record, outside: [Record]) {
        let runner: BatchedFloatRunner
        do {
            runner = try BatchedFloatRunner(graph: graph)
        } catch {
            throw CompilerError("\(error)")
        }
        var foldOf = [Int](repeating: -1, count: samples.count)
        for (f, fold) in folds.enumerated() {
            for i in fold { foldOf[i] = f }
        }
        var all = Record()
        var sums: [Int: [Double]] = [:]
        var counts: [Int: Int] = [:]
        // Per sample and tensor: its range (pass 1 only) and its channel sums and count.
        var sampleRanges = [[Int: ActivationStatistics]](repeating: [:], count: samples.count)
        var sampleSums = [[Int: (sum: [Double], count: Int)]](repeating: [:], count: samples.count)
        var outside = [[Int: ActivationStatistics]](repeating: [:], count: folds.count)
        let passes = histograms ? 2 : 1
        let total = samples.count * passes
        for pass in 0..<passes {
            if pass == 1 {
                for f in folds.indices {
                    for (s, ranges) in sampleRanges.enumerated() where foldOf[s] != f {
                        for (tensor, range) in ranges { outside[f][tensor, default: ActivationStatistics()].observeRange(of: range) }
                    }
                }
            }
            do throws(BatchedFloatRunner.SampleError) {
                _ = try runner.run(samples, observe: { index, tensor, values in
                    if pass == 0 {
                        var range = ActivationStatistics()
                        range.observeRange(values)
                        all.statistics[tensor, default: ActivationStatistics()].observeRange(of: range)
                        if !folds.isEmpty { sampleRanges[index][tensor] = range }
                        let channels = graph.tensors[tensor].shape.last ?? 1
                        guard channels > 0 else { return }
                        let own = Self.channelSums(values, channels: channels)
                        // Added sample by sample, in sample order, so the means do not depend on batching.
                        sums[tensor, default: [Double](repeating: 0, count: channels)].withUnsafeMutableBufferPointer { sum in
                            for c in 0..<channels { sum[c] += own[c] }
                        }
                        counts[tensor, default: 0] += values.count / channels
                        if !folds.isEmpty { sampleSums[index][tensor] = (own, values.count / channels) }
                    } else {
                        all.statistics[tensor]?.observeHistogram(values)
                        for f in folds.indices where f != foldOf[index] {
                            outside[f][tensor]?.observeHistogram(values)
                        }
                    }
                }, progress: { done in progress?(pass * samples.count + done, total) })
            } catch {
                throw CompilerError("calibration sample \(error.sample): \(error)")
            }
        }
        for (tensor, sum) in sums {
            let n = Double(max(1, counts[tensor] ?? 1))
            all.channelMeans[tensor] = sum.map { Float($0 / n) }
        }
        let records = folds.indices.map { f in
            var record = Record(statistics: outside[f])
            var foldSums: [Int: (sum: [Double], count: Int)] = [:]
            for (s, perTensor) in sampleSums.enumerated() where foldOf[s] != f {
                for (tensor, own) in perTensor {
                    var entry = foldSums[tensor] ?? ([Double](repeating: 0, count: own.sum.count), 0)
                    for c in own.sum.indices { entry.sum[c] += own.sum[c] }
                    entry.count += own.count
                    foldSums[tensor] = entry
                }
            }
            for (tensor, entry) in foldSums {
                record.channelMeans[tensor] = entry.sum.map { Float($0 / Double(max(1, entry.count))) }
            }
            return record
        }
        return (all, records)
    }

    /// Σ of the finite values of each channel (last axis) of one sample.
    static func channelSums(_ values: [Float], channels: Int) -> [Double] {
        var sums = [Double](repeating: 0, count: channels)
        sums.withUnsafeMutableBufferPointer { sums in
            values.withUnsafeBufferPointer { values in
                var c = 0
                for v in values {
                    if v.isFinite { sums[c] += Double(v) }
                    c += 1
                    if c == channels { c = 0 }
                }
            }
        }
        return sums
    }

    /// Each activation's range under `method`.
    public static func ranges(_ statistics: [Int: ActivationStatistics],
                              method: CalibrationMethod) -> [Int: ClosedRange<Float>] {
        guard method != .minMax else {
            return statistics.mapValues { stats in
                let range = RangeEstimator.range(stats, method: method)
                return range.low...range.high
            }
        }
        // The histogram searches (entropy above all) dominate a k-fold choice's time; each
        // tensor's is independent, so they run side by side.
        let entries = Array(statistics)
        let results = RangeSlots(count: entries.count)
        DispatchQueue.concurrentPerform(iterations: entries.count) { i in
            let range = RangeEstimator.range(entries[i].value, method: method)
            results.store(range.low...range.high, at: i)
        }
        return Dictionary(uniqueKeysWithValues: zip(entries.map(\.key), results.values))
    }

    /// Write-once slots the concurrent range searches fill, each index by one worker.
    private final class RangeSlots: @unchecked Sendable {
        private var slots: [ClosedRange<Float>]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: 0...0, count: count) }
        func store(_ range: ClosedRange<Float>, at index: Int) {
            lock.lock()
            slots[index] = range
            lock.unlock()
        }
        var values: [ClosedRange<Float>] { lock.lock(); defer { lock.unlock() }; return slots }
    }
}
