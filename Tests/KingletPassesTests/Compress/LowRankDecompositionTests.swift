import KingletIR
@testable import KingletPasses
import Testing

@Suite struct LowRankDecompositionTests {
    /// An out × inner matrix of rank 2: the outer products of two vector pairs.
    static func rankTwo(_ out: Int, _ inner: Int) -> [Float] {
        var values: [Float] = []
        for o in 0..<out {
            let a = Float(o + 1) * 0.1
            let b: Float = o % 2 == 0 ? 0.05 : -0.025
            for i in 0..<inner {
                let first = a * Float(i % 3 - 1)
                values.append(first + b * Float(i))
            }
        }
        return values
    }

    static func dense(_ weights: [Float], out: Int, inner: Int, activation: Activation = .relu) throws -> Graph {
        var b = GraphBuilder()
        let x = b.input("x", [1, inner])
        let w = b.constant("fc/kernel", [out, inner], weights)
        let bias = b.ramp("fc/bias", [out])
        b.output(b.apply(.fullyConnected(activation: activation, keepNumDims: false), [x, w, bias], "fc", [1, out]))
        return try b.build()
    }

    /// Deterministic values in [−1, 1): (i · step mod modulus) scaled.
    static func pattern(_ count: Int, _ step: Int, _ modulus: Int) -> [Float] {
        (0..<count).map { i -> Float in
            let k = (i * step) % modulus
            return Float(2 * k) / Float(modulus) - 1
        }
    }

    static func close(_ a: Graph, _ b: Graph, _ input: [Double]) throws {
        let expected = try FloatReference.run(a, [input])[0]
        let got = try FloatReference.run(b, [input])[0]
        #expect(expected.count == got.count)
        for (e, g) in zip(expected, got) { #expect(abs(e - g) <= 1e-5 * max(1, abs(e)), "\(e) vs \(g)") }
    }

    /// A rank-2 Dense 12 × 20: energy 1 picks rank 2, which saves parameters, and the two
    /// layers compute the same function in float.
    @Test func denseAtItsTrueRankIsExact() throws {
        let original = try Self.dense(Self.rankTwo(12, 20), out: 12, inner: 20)
        var graph = original
        var pass = LowRankDecomposition(policy: .energy(1))
        try pass.decompose(&graph)
        try graph.verify()
        let decision = try #require(pass.decisions.first)
        #expect(decision.applied && decision.rank == 2 && decision.fullRank == 12)
        #expect(decision.parametersAfter == 2 * (12 + 20))
        #expect(graph.kindNames == ["FULLY_CONNECTED", "FULLY_CONNECTED"])
        #expect(graph.operators.map(\.name) == ["fc/low_rank", "fc"])
        try Self.close(original, graph, (0..<20).map { Double($0 % 7) - 3 })
    }

    /// At full rank the replacement (tested directly: the pass would not apply it, since it
    /// saves nothing) reproduces any layer within float tolerance: Dense and k×k Conv2D.
    @Test func fullRankReproducesTheLayer() throws {
        let weights: [Float] = Self.pattern(6 * 9, 37, 17)
        let dense = try Self.dense(weights, out: 6, inner: 9, activation: .none)
        var graph = dense
        let op = graph.operators[0]
        let (matrix, out, inner) = try #require(LowRankDecomposition.weightMatrix(op, graph))
        let svd = SingularValueDecomposition(matrix, rows: out, columns: inner)
        graph.operators = LowRankDecomposition.replace(op, svd: svd, rank: svd.rank, graph: &graph)
        try graph.verify()
        try Self.close(dense, graph, (0..<9).map { Double($0) / 4 - 1 })

        var b = GraphBuilder()
        let x = b.input("x", [1, 5, 6, 3])
        let filter = b.constant("conv/kernel", [4, 3, 3, 3], Self.pattern(108, 29, 23))
        let bias = b.ramp("conv/bias", [4])
        b.output(b.apply(.conv2D(Attr.conv(stride: 2, padding: .same, activation: .relu)), [x, filter, bias], "conv", [1, 3, 3, 4]))
        let conv = try b.build()
        var decomposed = conv
        let convOp = decomposed.operators[0]
        let (convMatrix, convOut, convInner) = try #require(LowRankDecomposition.weightMatrix(convOp, decomposed))
        let convSVD = SingularValueDecomposition(convMatrix, rows: convOut, columns: convInner)
        decomposed.operators = LowRankDecomposition.replace(convOp, svd: convSVD, rank: convSVD.rank, graph: &decomposed)
        try decomposed.verify()
        #expect(decomposed.kindNames == ["CONV_2D", "CONV_2D"])
        try Self.close(conv, decomposed, Self.pattern(90, 13, 11).map(Double.init))
    }

    /// params=P: the largest rank whose two layers keep at most P of the parameters; a layer
    /// where no rank saves anything is kept and reported.
    @Test func parameterBudgetAndSkippedLayers() throws {
        let weights: [Float] = Self.pattern(32 * 48, 41, 97)
        var graph = try Self.dense(weights, out: 32, inner: 48)
        var pass = LowRankDecomposition(policy: .parameters(0.5))
        try pass.decompose(&graph)
        let decision = try #require(pass.decisions.first)
        // 0.5 · 32 · 48 / (32 + 48) = 9.6 → rank 9.
        #expect(decision.rank == 9 && decision.applied && decision.parametersAfter == 9 * 80)

        var tiny = try Self.dense([1, 2, 3, 4, 5, 6], out: 2, inner: 3)
        // σ = 9.51, 0.77: rank 1 keeps 99.3 % of Σσ² (and saves a parameter), 99.9 % needs
        // rank 2, which saves nothing.
        var keep = LowRankDecomposition(policy: .energy(0.999))
        try keep.decompose(&tiny)
        #expect(keep.decisions.first?.applied == false && keep.decisions.first?.rank == 2)
        #expect(tiny.kindNames == ["FULLY_CONNECTED"])
        var one = try Self.dense([1, 2, 3, 4, 5, 6], out: 2, inner: 3)
        var apply = LowRankDecomposition(policy: .energy(0.99))
        try apply.decompose(&one)
        #expect(apply.decisions.first?.applied == true && apply.decisions.first?.rank == 1)
    }
}
