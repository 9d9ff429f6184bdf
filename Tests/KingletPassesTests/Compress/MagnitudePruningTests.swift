import KingletIR
@testable import KingletPasses
import Testing

@Suite struct MagnitudePruningTests {
    /// x [1, 16] → Dense "a" (32 × 16, weights ±(i+1)/512) → Dense "b" (8 × 32, weights
    /// ±(i+1)/64, so eight times larger) → Depthwise-free: a 3×3 conv would need NHWC; the
    /// CNN case is `convolutionAndDepthwise`.
    static func mlp() throws -> Graph {
        var b = GraphBuilder()
        let x = b.input("x", [1, 16])
        let a = b.constant("a/kernel", [32, 16], (0..<512).map { Float($0 % 2 == 0 ? 1 : -1) * Float($0 + 1) / 512 })
        let h = b.apply(.fullyConnected(activation: .relu, keepNumDims: false), [x, a, b.ramp("a/bias", [32])], "a", [1, 32])
        let w = b.constant("b/kernel", [8, 32], (0..<256).map { Float($0 % 3 == 0 ? -1 : 1) * Float($0 + 1) / 64 })
        b.output(b.apply(.fullyConnected(activation: .none, keepNumDims: false), [h, w, b.ramp("b/bias", [8])], "b", [1, 8]))
        return try b.build()
    }

    static func zeros(_ graph: Graph, _ name: String) -> Int {
        let op = graph.operators.first { $0.name == name }!
        return graph.tensors[op.inputs[1]].floatValues!.filter { $0 == 0 }.count
    }

    /// One global threshold over all 768 weights, at the smallest 60 %: the layer of small
    /// weights (a) loses those below it and keeps the rest as they were; the other (b) would
    /// end below half zeros, which the writer stores dense, so it is left whole and named.
    @Test func globalThresholdPrunesTheSmallestWeightsOfAllLayers() throws {
        let original = try Self.mlp()
        var graph = original
        var pass = MagnitudePruning(sparsity: 0.6)
        try pass.prune(&graph)
        func filter(_ g: Graph, _ layer: String) -> [Float] {
            g.tensors[g.operators.first { $0.name == layer }!.inputs[1]].floatValues!
        }
        let threshold = (filter(original, "a") + filter(original, "b")).map(abs).sorted()[Int(0.6 * 768) - 1]
        for (before, after) in zip(filter(original, "a"), filter(graph, "a")) {
            #expect(after == (abs(before) <= threshold ? 0 : before))
        }
        #expect(filter(graph, "b") == filter(original, "b"))
        #expect(filter(original, "b").contains { abs($0) <= threshold })   // b had some below it
        #expect(Self.zeros(graph, "a") >= 256)
        #expect(pass.decisions.map(\.layer) == ["a", "b"])
        #expect(pass.decisions[0].applied && !pass.decisions[1].applied)
        #expect(pass.decisions[1].reason?.contains("50%") == true)
        #expect(abs(pass.decisions[0].sparsity - Double(Self.zeros(graph, "a")) / 512) < 1e-12)
    }

    /// A per-layer setting prunes that layer to exactly its fraction and takes it out of the
    /// global threshold; a layer that would end below 50 % zeros (stored dense) stays dense,
    /// said so.
    @Test func perLayerSettingsAndLayersThatWouldNotShrink() throws {
        var graph = try Self.mlp()
        var pass = MagnitudePruning(sparsity: nil, perLayer: ["a": 0.75, "b": 0.1])
        try pass.prune(&graph)
        #expect(Self.zeros(graph, "a") == 384)
        #expect(Self.zeros(graph, "b") == 0)
        let b = try #require(pass.decisions.first { $0.layer == "b" })
        #expect(!b.applied && b.reason?.contains("50%") == true)

        var mixed = try Self.mlp()
        try MagnitudePruning(sparsity: 0.5, perLayer: ["b": 0.75]).run(&mixed)
        #expect(Self.zeros(mixed, "b") == 192)
        #expect(Self.zeros(mixed, "a") == 256)   // the global 50 % now covers layer a alone
    }

    /// `.channel` compares |w| with its output channel's RMS: a channel of tiny weights loses
    /// no more than one of large weights, where `.raw` would empty it first.
    @Test func channelScaleComparesWithinChannels() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let small: [Float] = [0.001, -0.002, 0.003, -0.004], large: [Float] = [1, -2, 3, -4]
        let w = b.constant("fc/kernel", [2, 4], small + large)
        b.output(b.apply(.fullyConnected(activation: .none, keepNumDims: false), [x, w, -1], "fc", [1, 2]))
        let graph = try b.build()
        var raw = graph, channel = graph
        try MagnitudePruning(sparsity: 0.5).run(&raw)
        try MagnitudePruning(sparsity: 0.5, scale: .channel).run(&channel)
        #expect(raw.tensors[w].floatValues! == [0, 0, 0, 0] + large)
        #expect(channel.tensors[w].floatValues! == [0, 0, 0.003, -0.004, 0, 0, 3, -4])
    }

    @Test func unknownLayersAndBadFractionsAreRefused() throws {
        var graph = try Self.mlp()
        #expect(throws: PassError.self) { try MagnitudePruning(sparsity: nil, perLayer: ["nope": 0.5]).run(&graph) }
        #expect(throws: PassError.self) { try MagnitudePruning(sparsity: 1.0).run(&graph) }
        #expect(throws: PassError.self) { try MagnitudePruning(sparsity: nil, perLayer: ["a": -0.1]).run(&graph) }
        do {
            try MagnitudePruning(sparsity: nil, perLayer: ["nope": 0.5]).run(&graph)
        } catch let error as PassError {
            #expect(error.message.contains("'nope'") && error.message.contains("a, b"))
        }
    }

    /// CONV_2D and DEPTHWISE_CONV_2D filters are pruned too; a filter another operator also
    /// reads is not (its zeros could not be stored sparse for both).
    @Test func convolutionAndDepthwise() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 6, 6, 3])
        let c = b.apply(.conv2D(Attr.conv(padding: .same)), [x, b.constant("c/kernel", [4, 3, 3, 3], pattern(108)), -1],
                        "c", [1, 6, 6, 4])
        let d = b.apply(.depthwiseConv2D(Attr.conv(padding: .same)), [c, b.constant("d/kernel", [1, 3, 3, 4], pattern(36)), -1],
                        "d", [1, 6, 6, 4])
        let shared = b.constant("shared", [4, 1, 1, 4], pattern(16))
        let e = b.apply(.conv2D(Attr.conv()), [d, shared, -1], "e", [1, 6, 6, 4])
        b.output(b.apply(.conv2D(Attr.conv()), [e, shared, -1], "f", [1, 6, 6, 4]))
        var graph = try b.build()
        var pass = MagnitudePruning(sparsity: 0.5)
        try pass.prune(&graph)
        #expect(pass.decisions.map(\.layer) == ["c", "d"])
        #expect(Self.zeros(graph, "c") + Self.zeros(graph, "d") == 72)
        #expect(graph.tensors[shared].floatValues!.allSatisfy { $0 != 0 })
    }

    /// Distinct magnitudes in (−1, 1) without zeros.
    func pattern(_ count: Int) -> [Float] {
        (0..<count).map { i in Float(i % 2 == 0 ? 1 : -1) * Float((i * 37) % count + 1) / Float(count + 1) }
    }
}
