import KingletIR
import KingletPasses
import Testing

@Suite struct CanonicalizationTests {
    @Test func passOrder() {
        #expect(Canonicalization.passes.map(\.name) == [
            "remove-identities", "split-separable-conv2d", "hoist-channelwise-over-reshape",
            "fold-batch-normalization", "fuse-activations", "remove-dead-operators",
        ])
    }

    /// Keras Conv2D → BatchNormalization → ReLU → Dropout becomes one CONV_2D with RELU fused,
    /// writing a tensor that still carries the Keras output's name.
    @Test func convBatchNormReluDropoutBecomesOneConv() throws {
        var b = GraphBuilder()
        let x = b.input("input", [1, 2, 2, 2])
        let filter = b.constant("conv/kernel", [2, 1, 1, 2], [1, 2, -1, 0.5])
        let bias = b.constant("conv/bias", [2], [0.5, -1])
        let conv = b.apply(.conv2D(Attr.conv()), [x, filter, bias], "conv", [1, 2, 2, 2])
        let bn = b.batchNorm(conv, "bn", gamma: [2, 0.5], beta: [0.1, -0.2], mean: [1, -2], variance: [3, 0.25])
        let relu = b.apply(.relu, [bn], "relu", [1, 2, 2, 2])
        let dropout = b.apply(.identity, [relu], "dropout", [1, 2, 2, 2])
        b.output(dropout)
        let original = try b.build()
        var graph = original
        try Pipeline(Canonicalization.passes).run(&graph)

        #expect(graph.kindNames == ["CONV_2D"])
        #expect(graph.operators[0].kind == .conv2D(Attr.conv(activation: .relu)))
        #expect(graph.operators[0].name == "conv")
        #expect(graph.tensors.map(\.name) == ["input", "conv/kernel", "conv/bias", "dropout"])
        #expect(graph.inputs == [0])
        #expect(graph.outputs == [3])
        #expect(graph.operators[0].inputs == [0, 1, 2])
        #expect(graph.operators[0].outputs == [3])

        let s0 = BatchNormReference.scale(gamma: 2, variance: 3)
        let s1 = BatchNormReference.scale(gamma: 0.5, variance: 0.25)
        #expect(close(graph.values(1), [s0, 2 * s0, -s1, 0.5 * s1]))
        #expect(close(graph.values(2), [
            BatchNormReference.apply(0.5, gamma: 2, beta: 0.1, mean: 1, variance: 3),
            BatchNormReference.apply(-1, gamma: 0.5, beta: -0.2, mean: -2, variance: 0.25),
        ]))

        let input: [Double] = [0.75, -1.5, 2, 1, -3, 0.25, 4, -0.5]
        let expected = try FloatReference.run(original, [input])[0]
        #expect(close(try FloatReference.run(graph, [input])[0], expected, tolerance: 1e-5))
        #expect(expected.contains(0) && expected.contains { $0 > 0 })
    }

    /// SeparableConv2D → BN → ReLU(max 6) → Reshape (no-op) → Flatten → Dense → ReLU →
    /// Dropout, plus a BN after an Add: everything canonical, values unchanged.
    @Test func smallKerasModel() throws {
        var b = GraphBuilder()
        let x = b.input("input", [1, 4, 4, 2])
        let dw = b.ramp("sep/depthwise_kernel", [1, 3, 3, 2], start: -0.5, step: 0.0625)
        let pw = b.constant("sep/pointwise_kernel", [3, 1, 1, 2], [1, -0.5, 0.25, 2, -1, 1.5])
        let sep = b.apply(.separableConv2D(Attr.conv(padding: .same)), [x, dw, pw, -1], "sep", [1, 4, 4, 3])
        let bn = b.batchNorm(sep, "bn", gamma: [1.5, 0.75, -1], beta: [0.5, 0, -0.25], mean: [0.1, -0.2, 0.3],
                             variance: [0.5, 2, 1])
        let relu6 = b.apply(.clampedRelu(maxValue: 6, negativeSlope: 0, threshold: 0), [bn], "re_lu", [1, 4, 4, 3])
        let same = b.apply(.reshape, [relu6], "reshape", [1, 4, 4, 3])
        let flat = b.apply(.reshape, [same], "flatten", [1, 48])
        let weights = b.constant("dense/kernel", [4, 48], (0..<192).map { Float(($0 * 5) % 13) / 13 - 0.5 })
        let dense = b.apply(.fullyConnected(activation: .none, keepNumDims: false), [flat, weights, -1], "dense", [1, 4])
        let other = b.input("other", [1, 4])
        let sum = b.apply(.add(activation: .none), [dense, other], "add", [1, 4])
        let bn2 = b.batchNorm(sum, "bn_1", gamma: nil, beta: [1, 2, 3, 4], mean: [0, 0.5, 1, 1.5],
                              variance: [1, 1, 4, 4])
        let relu = b.apply(.relu, [bn2], "relu", [1, 4])
        let dropout = b.apply(.identity, [relu], "dropout", [1, 4])
        b.output(dropout)
        let original = try b.build()
        var graph = original
        try Pipeline(Canonicalization.passes).run(&graph)

        #expect(graph.kindNames == ["DEPTHWISE_CONV_2D", "CONV_2D", "RESHAPE", "FULLY_CONNECTED", "ADD", "MUL", "ADD"])
        #expect(graph.operators.map(\.name) == ["sep/depthwise", "sep/pointwise", "flatten", "dense", "add",
                                                  "bn_1/scale", "bn_1/shift"])
        #expect(graph.operators[1].kind == .conv2D(Attr.conv(activation: .relu6)))
        #expect(graph.operators[1].inputs[2] >= 0)
        #expect(graph.operators[6].kind == .add(activation: .relu))
        #expect(graph.tensors[graph.outputs[0]].name == "dropout")
        #expect(graph.inputs.map { graph.tensors[$0].name } == ["input", "other"])
        // Each fused operator writes the last tensor of its chain; the others are gone.
        #expect(graph.operators.map { graph.tensors[$0.outputs[0]].name } == [
            "sep/depthwise", "re_lu", "flatten", "dense", "add", "bn_1/scaled", "dropout",
        ])
        #expect(!graph.tensors.contains { ["sep", "bn", "reshape", "relu", "bn_1"].contains($0.name) })

        let input = sampleInput(count: 32)
        let otherInput: [Double] = [-3, 0.5, -8, 1]
        let expected = try FloatReference.run(original, [input, otherInput])[0]
        #expect(close(try FloatReference.run(graph, [input, otherInput])[0], expected, tolerance: 1e-5))
        #expect(expected.contains(0) && expected.contains { $0 > 0 })
    }
}
