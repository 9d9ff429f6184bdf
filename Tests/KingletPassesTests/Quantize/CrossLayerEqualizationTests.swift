import KingletIR
import KingletPasses
import Testing

@Suite struct CrossLayerEqualizationTests {
    /// conv 1×1 (3 → 2 channels, ReLU) → depthwise 1×1 → fully connected, with channel
    /// ranges that differ 100-fold.
    func chain(activation: Activation = .relu) throws -> (Graph, conv: Int, depthwise: Int, dense: Int) {
        var b = GraphBuilder()
        let x = b.input("x", [1, 1, 1, 3])
        let w1 = b.constant("w1", [2, 1, 1, 3], [10, -20, 5, 0.1, 0.2, -0.05])
        let b1 = b.constant("b1", [2], [1, 0.01])
        let h = b.apply(.conv2D(Attr.conv(activation: activation)), [x, w1, b1], "conv", [1, 1, 1, 2])
        let w2 = b.constant("w2", [1, 1, 1, 2], [0.5, 3])
        let d = b.apply(.depthwiseConv2D(Attr.conv()), [h, w2, -1], "depthwise", [1, 1, 1, 2])
        let flat = b.apply(.reshape, [d], "flat", [1, 2])
        let w3 = b.constant("w3", [1, 2], [1, -1])
        let y = b.apply(.fullyConnected(activation: .none, keepNumDims: false), [flat, w3, -1], "dense", [1, 1])
        b.output(y)
        return (try b.build(), w1, w2, w3)
    }

    @Test func keepsTheFloatFunctionAndEvensOutChannelRanges() throws {
        var (graph, w1, w2, _) = try chain()
        let inputs: [[Double]] = [[1, -0.5, 2], [0.25, 0.75, -1], [-2, 1, 0.5]]
        let before = try inputs.map { try FloatReference.run(graph, [$0]) }
        try graph.run(CrossLayerEqualization())
        let after = try inputs.map { try FloatReference.run(graph, [$0]) }
        for (a, b) in zip(after, before) { #expect(close(a[0], b[0], tolerance: 1e-5), "\(a) vs \(b)") }
        // Conv output channel ranges 20 and 0.2, depthwise input channels 0.5 and 3:
        // s = sqrt(20 / 0.5) = 6.32…, sqrt(0.2 / 3) = 0.258…; both sides become sqrt(r1 · r2).
        let conv = graph.values(graph.tensor(named: "w1")!)
        let depthwise = graph.values(graph.tensor(named: "w2")!)
        let r1 = [conv[0..<3].map(abs).max()!, conv[3..<6].map(abs).max()!]
        #expect(abs(r1[0] - (20 * 0.5).squareRoot()) < 1e-4 && abs(abs(depthwise[0]) - (20 * 0.5).squareRoot()) < 1e-4)
        #expect(abs(r1[1] - (0.2 * 3).squareRoot()) < 1e-4 && abs(abs(depthwise[1]) - (0.2 * 3).squareRoot()) < 1e-4)
        _ = (w1, w2)
    }

    @Test func leavesReLU6PairsAlone() throws {
        var (graph, _, _, _) = try chain(activation: .relu6)
        let before = graph.values(graph.tensor(named: "w1")!)
        try graph.run(CrossLayerEqualization())
        #expect(graph.values(graph.tensor(named: "w1")!) == before)
    }
}
