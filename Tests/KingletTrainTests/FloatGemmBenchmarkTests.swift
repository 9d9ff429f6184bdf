import Foundation
import Testing
import KingletTrain

/// GFLOP/s of `FloatGemm` on training-shaped products; compare with benchmarks/gemm/gemm_vs_numpy.py.
/// Off by default (it takes seconds and needs a release build to mean anything):
/// `KINGLET_GEMM_BENCH=1 swift test -c release --filter FloatGemmBenchmark`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["KINGLET_GEMM_BENCH"] == "1"))
struct FloatGemmBenchmarkTests {
    @Test func throughput() {
        let shapes = [(4096, 64, 576), (1024, 256, 2304), (64, 10, 1024), (12544, 32, 27),
                      (576, 64, 4096), (4096, 576, 64), (2304, 256, 1024)]
        let transposes = [(false, false), (true, false), (false, true)]
        print("     m    n     k  tA tB   GFLOP/s")
        for (m, n, k) in shapes {
            var seed: UInt32 = 1
            let a = (0..<(m * k)).map { _ in Self.nextValue(&seed) }
            let b = (0..<(k * n)).map { _ in Self.nextValue(&seed) }
            var c = [Float](repeating: 0, count: m * n)
            for (transposeA, transposeB) in transposes {
                let flops = 2.0 * Double(m * n * k)
                let repeats = max(3, Int(2e9 / flops))
                var best = Double.infinity
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        c.withUnsafeMutableBufferPointer { pc in
                            for trial in 0..<6 {
                                let start = ContinuousClock.now
                                for _ in 0..<(trial == 0 ? 1 : repeats) {
                                    FloatGemm.multiply(pa.baseAddress!, pb.baseAddress!, pc.baseAddress!,
                                                       m: m, n: n, k: k, transposeA: transposeA,
                                                       transposeB: transposeB)
                                }
                                let elapsed = ContinuousClock.now - start
                                let seconds = Double(elapsed.components.seconds)
                                    + Double(elapsed.components.attoseconds) * 1e-18
                                if trial > 0 { best = min(best, seconds / Double(repeats)) }
                            }
                        }
                    }
                }
                let line = String(format: "%6d %4d %5d  %d  %d  %8.1f", m, n, k,
                                  transposeA ? 1 : 0, transposeB ? 1 : 0, flops / best / 1e9)
                print(line)
            }
        }
    }

    /// Cheap values in [-1, 1) (a linear congruential step; quality does not matter here).
    private static func nextValue(_ state: inout UInt32) -> Float {
        state = state &* 1_664_525 &+ 1_013_904_223
        return Float(state >> 8) / Float(1 << 23) - 1
    }
}
