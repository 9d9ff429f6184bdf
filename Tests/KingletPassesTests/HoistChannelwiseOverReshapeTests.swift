import KingletIR
import KingletPasses
import Testing

@Suite struct HoistChannelwiseOverReshapeTests {
    /// Keras Conv1D (reshape → CONV_2D → reshape) → BatchNormalization → ReLU.
    func conv1D() throws -> Graph {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4, 2])
        let image = b.apply(.reshape, [x], "to_image", [1, 1, 4, 2])
        let w = b.constant("w", [3, 1, 1, 2], [0.5, -1, 2, 0.25, -0.75, 1.5])
        let conv = b.apply(.conv2D(Attr.conv()), [image, w, -1], "conv", [1, 1, 4, 3])
        let steps = b.apply(.reshape, [conv], "to_steps", [1, 4, 3])
        let bn = b.batchNorm(steps, "bn", gamma: [1.5, 0.5, 2], beta: [0.1, -0.2, 0.3], mean: [0.2, -0.1, 0.05],
                             variance: [1.2, 0.8, 2])
        let relu = b.apply(.relu, [bn], "relu", [1, 4, 3])
        b.output(relu)
        return try b.build()
    }

    @Test func batchNormAndReluFoldIntoTheConvolutionThroughTheReshape() throws {
        let original = try conv1D()
        var graph = original
        try Pipeline(Canonicalization.passes).run(&graph)
        #expect(graph.kindNames == ["RESHAPE", "CONV_2D", "RESHAPE"], "\(graph.kindNames)")
        if case .conv2D(let attributes) = graph.operators[1].kind { #expect(attributes.activation == .relu) }
        let input: [Double] = [1, -0.5, 0.25, 2, -1.5, 0.75, 0, 1]
        #expect(close(try FloatReference.run(graph, [input])[0], try FloatReference.run(original, [input])[0], tolerance: 1e-5))
        #expect(graph.tensors[graph.outputs[0]].name == "relu")
    }

    @Test func aReshapeThatMovesChannelsIsLeftAlone() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2, 3])
        let flat = b.apply(.reshape, [x], "flat", [1, 6])
        let bn = b.batchNorm(flat, "bn", gamma: nil, beta: nil, mean: [Float](repeating: 0, count: 6),
                             variance: [Float](repeating: 1, count: 6))
        b.output(bn)
        var graph = try b.build()
        try graph.run(HoistChannelwiseOverReshape())
        #expect(graph.kindNames == ["RESHAPE", "BATCH_NORMALIZATION"])
    }
}
