import KingletIR
import KingletPasses
import Testing

@Suite struct SplitSeparableConv2DTests {
    /// x [1,8,8,3] → RELU → SEPARABLE_CONV_2D (3×3, stride 2, SAME, dm 2, RELU6, bias) → RELU.
    struct Model {
        var graph: Graph
        let x: Int, relu: Int, dw: Int, pw: Int, bias: Int, sep: Int, y: Int
        let attributes: Conv2DAttributes

        init(bias hasBias: Bool = true, omitBiasSlot: Bool = false) throws {
            var b = GraphBuilder()
            x = b.input("x", [1, 8, 8, 3])
            relu = b.apply(.relu, [x], "relu", [1, 8, 8, 3])
            dw = b.ramp("sep/depthwise_kernel", [1, 3, 3, 6], start: -0.25, step: 0.01)
            pw = b.ramp("sep/pointwise_kernel", [4, 1, 1, 6], start: -0.5, step: 0.1)
            bias = hasBias ? b.constant("sep/bias", [4], [0.5, -0.25, 0, 1]) : -1
            attributes = Attr.conv(stride: 2, padding: .same, activation: .relu6, depthMultiplier: 2)
            let inputs = omitBiasSlot ? [relu, dw, pw] : [relu, dw, pw, bias]
            sep = b.apply(.separableConv2D(attributes), inputs, "sep", [1, 4, 4, 4])
            y = b.apply(.relu, [sep], "after", [1, 4, 4, 4])
            b.output(y)
            graph = try b.build()
        }
    }

    @Test func splitsInPlaceIntoDepthwiseThenPointwise() throws {
        var m = try Model()
        let tensorsBefore = m.graph.tensors.count
        try m.graph.run(SplitSeparableConv2D())
        #expect(m.graph.kindNames == ["RELU", "DEPTHWISE_CONV_2D", "CONV_2D", "RELU"])
        #expect(m.graph.operators.map(\.name) == ["relu", "sep/depthwise", "sep/pointwise", "after"])
        #expect(m.graph.tensors.count == tensorsBefore + 1)

        let depthwise = m.graph.operators[1], pointwise = m.graph.operators[2]
        let middle = m.graph.tensors.count - 1
        #expect(depthwise.kind == .depthwiseConv2D(Attr.conv(stride: 2, padding: .same, activation: .none,
                                                             depthMultiplier: 2)))
        #expect(depthwise.inputs == [m.relu, m.dw, -1])
        #expect(depthwise.outputs == [middle])
        #expect(m.graph.tensors[middle].shape == [1, 4, 4, 6])
        #expect(m.graph.tensors[middle].type == .float32)
        #expect(!m.graph.tensors[middle].isConstant)

        #expect(pointwise.kind == .conv2D(Attr.conv(stride: 1, padding: .valid, activation: .relu6)))
        #expect(pointwise.inputs == [middle, m.pw, m.bias])
        #expect(pointwise.outputs == [m.sep])
        #expect(m.graph.operators[3].inputs == [m.sep])
        #expect(m.graph.outputs == [m.y])
    }

    /// Dilation and strides go to the depthwise half; the pointwise half is always 1×1/1/VALID.
    @Test func dilationStaysWithTheDepthwiseHalf() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 7, 7, 2])
        let dw = b.ramp("dw", [1, 3, 3, 2])
        let pw = b.ramp("pw", [3, 1, 1, 2])
        let a = Attr.conv(dilation: 2, padding: .valid)
        let y = b.apply(.separableConv2D(a), [x, dw, pw, -1], "sep", [1, 3, 3, 3])
        b.output(y)
        var graph = try b.build()
        try graph.run(SplitSeparableConv2D())
        #expect(graph.operators[0].kind == .depthwiseConv2D(a))
        #expect(graph.operators[1].kind == .conv2D(Attr.conv()))
        #expect(graph.tensors[graph.operators[0].outputs[0]].shape == [1, 3, 3, 2])
    }

    @Test(arguments: [false, true])
    func absentBiasStaysAbsent(omitBiasSlot: Bool) throws {
        var m = try Model(bias: false, omitBiasSlot: omitBiasSlot)
        try m.graph.run(SplitSeparableConv2D())
        #expect(m.graph.operators[2].inputs.count == 3)
        #expect(m.graph.operators[2].inputs[2] == -1)
    }

    /// The split graph computes what the separable operator computes.
    @Test func splitGraphComputesTheSameValues() throws {
        let m = try Model()
        var split = m.graph
        try split.run(SplitSeparableConv2D(), RemoveDeadOperators())
        let input = sampleInput(count: 8 * 8 * 3)
        let expected = try FloatReference.run(m.graph, [input])
        let actual = try FloatReference.run(split, [input])
        #expect(close(actual[0], expected[0]))
        #expect(expected[0].contains { $0 > 0 && $0 < 6 })
    }

    @Test func unnamedOperatorNamesItsHalvesAfterItsOutput() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2, 2, 1])
        let dw = b.ramp("dw", [1, 1, 1, 1])
        let pw = b.ramp("pw", [1, 1, 1, 1])
        let y = b.tensor("out", [1, 2, 2, 1])
        b.op(.separableConv2D(Attr.conv()), [x, dw, pw, -1], [y])
        b.output(y)
        var graph = try b.build()
        try graph.run(SplitSeparableConv2D())
        #expect(graph.operators.map(\.name) == ["out/depthwise", "out/pointwise"])
        #expect(graph.tensors[graph.operators[0].outputs[0]].name == "out/depthwise")
    }

    @Test func malformedOperatorsThrow() throws {
        func graph(inputs: (_ x: Int, _ dw: Int, _ pw: Int, _ bias: Int) -> [Int], pwShape: [Int] = [4, 1, 1, 6],
                   biasShape: [Int] = [4]) throws -> Graph {
            var b = GraphBuilder()
            let x = b.input("x", [1, 8, 8, 3])
            let dw = b.ramp("dw", [1, 3, 3, 6])
            let pw = b.ramp("pw", pwShape)
            let bias = b.ramp("bias", biasShape)
            let y = b.apply(.separableConv2D(Attr.conv(stride: 2, padding: .same, depthMultiplier: 2)),
                            inputs(x, dw, pw, bias), "sep", [1, 4, 4, 4])
            b.output(y)
            return try b.build()
        }
        var tooFew = try graph { x, dw, _, _ in [x, dw] }
        #expect(throws: PassError.self) { try SplitSeparableConv2D().run(&tooFew) }
        var wrongPointwise = try graph(inputs: { [$0, $1, $2, $3] }, pwShape: [4, 1, 1, 3])
        let error = #expect(throws: PassError.self) { try SplitSeparableConv2D().run(&wrongPointwise) }
        #expect(error?.message.contains("'sep'") == true)
        #expect(error?.message.contains("pointwise") == true)
        var wrongBias = try graph(inputs: { [$0, $1, $2, $3] }, biasShape: [3])
        #expect(throws: PassError.self) { try SplitSeparableConv2D().run(&wrongBias) }
        var missingFilter = try graph { x, dw, _, bias in [x, dw, -1, bias] }
        #expect(throws: PassError.self) { try SplitSeparableConv2D().run(&missingFilter) }
    }
}
