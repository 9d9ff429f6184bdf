import KingletFloatInterpreter
import KingletIR
import Testing

/// Runs two graphs on the same samples and expects the same outputs within a tolerance of
/// 1e-5 relative to each output's largest magnitude (at least 1); records every mismatch
/// (up to a few per output) with its index and both values.
enum OutputComparison {
    static let tolerance: Float = 1e-5

    static func expectSameOutputs(_ expected: Graph, _ actual: Graph, samples: [[[Float]]], label: String) throws {
        let reference = try FloatInterpreter(graph: expected)
        let candidate = try FloatInterpreter(graph: actual)
        #expect(expected.outputs.map { expected.tensors[$0].shape } == actual.outputs.map { actual.tensors[$0].shape },
                "\(label): output shapes")
        for (sampleIndex, sample) in samples.enumerated() {
            let want = try reference.run(sample)
            let got = try candidate.run(sample)
            try #require(want.count == got.count, "\(label): \(got.count) outputs, expected \(want.count)")
            for (output, (w, g)) in zip(want, got).enumerated() {
                try #require(w.count == g.count, "\(label): output \(output) has \(g.count) values, expected \(w.count)")
                let scale = max(1, w.map(abs).max() ?? 0)
                var reported = 0
                for i in w.indices where !(abs(w[i] - g[i]) <= tolerance * scale) || w[i].isNaN != g[i].isNaN {
                    if w[i].isNaN && g[i].isNaN { continue }
                    reported += 1
                    guard reported <= 5 else { break }
                    Issue.record("\(label): sample \(sampleIndex) output \(output) [\(i)]: \(g[i]), expected \(w[i])")
                }
            }
        }
    }
}
