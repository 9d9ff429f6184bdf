import KingletInterpreter
import KingletIR
import KingletPasses

/// Records what every activation of a float graph does over calibration samples: pass 1
/// the ranges, pass 2 histograms over those ranges (for the clipping methods).
public enum Calibrator {
    public static func statistics(_ graph: Graph, samples: [[[Float]]],
                                  progress: ((Int, Int) -> Void)? = nil) throws -> [Int: ActivationStatistics] {
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
