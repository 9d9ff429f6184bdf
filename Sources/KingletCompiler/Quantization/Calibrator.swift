import KingletFloatInterpreter
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

    public static func record(_ graph: Graph, samples: [[[Float]]],
                              progress: ((Int, Int) -> Void)? = nil) throws -> Record {
        var sums: [Int: [Double]] = [:]
        var counts: [Int: Int] = [:]
        let statistics = try statistics(graph, samples: samples, progress: progress) { tensor, values in
            let channels = graph.tensors[tensor].shape.last ?? 1
            guard channels > 0 else { return }
            var sum = sums[tensor] ?? [Double](repeating: 0, count: channels)
            for (i, v) in values.enumerated() where v.isFinite { sum[i % channels] += Double(v) }
            sums[tensor] = sum
            counts[tensor, default: 0] += values.count / channels
        }
        var record = Record(statistics: statistics)
        for (tensor, sum) in sums {
            let n = Double(max(1, counts[tensor] ?? 1))
            record.channelMeans[tensor] = sum.map { Float($0 / n) }
        }
        return record
    }

    public static func statistics(_ graph: Graph, samples: [[[Float]]],
                                  progress: ((Int, Int) -> Void)? = nil,
                                  observe: ((Int, [Float]) -> Void)? = nil) throws -> [Int: ActivationStatistics] {
        let interpreter: FloatInterpreter
        do {
            interpreter = try FloatInterpreter(graph: graph)
        } catch {
            throw CompilerError("\(error)")
        }
        var statistics: [Int: ActivationStatistics] = [:]
        let total = samples.count * 2
        for pass in 0..<2 {
            for (index, sample) in samples.enumerated() {
                do {
                    _ = try interpreter.run(sample) { tensor, values in
                        if pass == 0 {
                            statistics[tensor, default: ActivationStatistics()].observeRange(values)
                            observe?(tensor, values)
                        } else {
                            statistics[tensor]?.observeHistogram(values)
                        }
                    }
                } catch {
                    throw CompilerError("calibration sample \(index): \(error)")
                }
                progress?(pass * samples.count + index + 1, total)
            }
        }
        return statistics
    }

    /// Each activation's range under `method`.
    public static func ranges(_ statistics: [Int: ActivationStatistics],
                              method: CalibrationMethod) -> [Int: ClosedRange<Float>] {
        statistics.mapValues { stats in
            let range = RangeEstimator.range(stats, method: method)
            return range.low...range.high
        }
    }
}
