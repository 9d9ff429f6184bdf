import KingletIR
import KingletPasses
import Testing

/// The int8 rules of QuantizeInt8, checked against values worked out by hand.
@Suite struct QuantizeInt8Tests {
    static func int8s(_ tensor: Tensor) -> [Int8] { (tensor.data ?? []).map { Int8(bitPattern: $0) } }

    /// input [1,1,1,2] → CONV_2D 1×1 (2 output channels) → SOFTMAX
    func convSoftmax() throws -> (graph: Graph, ranges: [Int: ClosedRange<Float>], conv: Int, logits: Int, probabilities: Int) {
        var b = GraphBuilder()
        let x = b.input("x", [1, 1, 1, 2])
        // Channel 0 weights (0.5, -1.27): max |w| 1.27 → scale 0.01; channel 1 (2.54, 0) → 0.02.
        let w = b.constant("w", [2, 1, 1, 2], [0.5, -1.27, 2.54, 0])
        let bias = b.constant("b", [2], [0.1, -0.31])
        let logits = b.apply(.conv2D(Attr.conv()), [x, w, bias], "logits", [1, 1, 1, 2])
        let probabilities = b.apply(.softmax(beta: 1), [logits], "probabilities", [1, 1, 1, 2])
        b.output(probabilities)
        let graph = try b.build()
        return (graph, [x: -1...1, logits: -4...4, probabilities: 0...1], 0, logits, probabilities)
    }

    @Test func weightsArePerChannelSymmetricAndBiasIsInt32AtInputTimesWeightScale() throws {
        var (graph, ranges, conv, _, _) = try convSoftmax()
        try Pipeline([QuantizeInt8(ranges: ranges)]).run(&graph)
        let op = graph.operators[conv]
        let filter = graph.tensors[op.inputs[1]]
        #expect(filter.type == .int8)
        #expect(filter.quantization?.scales == [Float(1.27) / 127, Float(2.54) / 127])
        #expect(filter.quantization?.zeroPoints == [0, 0])
        // 0.5 / 0.01 = 50, -1.27 / 0.01 = -127, 2.54 / 0.02 = 127, 0.
        #expect(Self.int8s(filter) == [50, -127, 127, 0])
        let bias = graph.tensors[op.inputs[2]]
        #expect(bias.type == .int32)
        // Input range [-1, 1]: scale 2/255. Bias 0.1 / (2/255 · 0.01) = 1275; -0.31 / (2/255 · 0.02) = -1976.25 → -1976.
        #expect(bias.int32Values == [1275, -1976])
    }

    @Test func softmaxOutputIsFixedAndActivationsAreCalibrated() throws {
        var (graph, ranges, _, logits, probabilities) = try convSoftmax()
        try Pipeline([QuantizeInt8(ranges: ranges)]).run(&graph)
        #expect(graph.tensors[probabilities].quantization == Quantization(scale: 1.0 / 256, zeroPoint: -128))
        let expected = ActivationQuantization(low: -4, high: 4)
        #expect(graph.tensors[logits].quantization == Quantization(scale: expected.scale, zeroPoint: expected.zeroPoint))
        #expect(graph.tensors[graph.inputs[0]].type == .int8)
        #expect(graph.tensors[graph.outputs[0]].type == .int8)
    }

    @Test func floatIOAddsQuantizeAndDequantizeAtTheEdges() throws {
        var (graph, ranges, _, _, _) = try convSoftmax()
        try Pipeline([QuantizeInt8(ranges: ranges, floatIO: true)]).run(&graph)
        #expect(graph.operators.first?.kind == .quantize)
        #expect(graph.operators.last?.kind == .dequantize)
        #expect(graph.tensors[graph.inputs[0]].type == .float32)
        #expect(graph.tensors[graph.outputs[0]].type == .float32)
    }

    @Test func poolingAndReshapeKeepTheirInputParameters() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2, 2, 1])
        let pooled = b.apply(.maxPool2D(Attr.pool()), [x], "pool", [1, 1, 1, 1])
        let flat = b.apply(.reshape, [pooled], "flat", [1, 1])
        b.output(flat)
        var graph = try b.build()
        try Pipeline([QuantizeInt8(ranges: [x: -2...6, pooled: 0...6, flat: 0...6])]).run(&graph)
        let q = graph.tensors[x].quantization
        #expect(graph.tensors[pooled].quantization == q)
        #expect(graph.tensors[flat].quantization == q)
    }

    @Test func concatenationInputsShareTheOutputParameters() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2])
        // A graph input cannot be retargeted (requantized); a MUL read only here can.
        let scaled = b.apply(.mul(activation: .none), [x, b.constant("k", [1], [3])], "scaled", [1, 2])
        let joined = b.apply(.concatenation(axis: 1, activation: .none), [x, scaled], "joined", [1, 4])
        b.output(joined)
        var graph = try b.build()
        try Pipeline([QuantizeInt8(ranges: [x: -1...1, scaled: -3...3, joined: -3...3])]).run(&graph)
        let concat = try #require(graph.operators.first { if case .concatenation = $0.kind { true } else { false } })
        let outQ = graph.tensors[concat.outputs[0]].quantization
        for input in concat.inputs { #expect(graph.tensors[input].quantization == outQ) }
        #expect(graph.operators.contains { $0.kind == .quantize }, "the graph input is requantized")
        #expect(graph.tensors[scaled].quantization == outQ, "the MUL writes the concatenation's parameters directly")
    }

    @Test func subtractionFromAConstantQuantizesTheConstant() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let one = b.constant("one", [1], [1])
        let y = b.apply(.sub(activation: .none), [one, x], "one_minus_x", [1, 4])
        b.output(y)
        var graph = try b.build()
        try Pipeline([QuantizeInt8(ranges: [x: 0...1, y: 0...1])]).run(&graph)
        let op = graph.operators[0]
        #expect(op.kind == .sub(activation: .none))
        let constant = graph.tensors[op.inputs[0]]
        // [0, 1] → scale 1/255, zero point −128: 1.0 is stored as 127.
        #expect(constant.type == .int8 && Self.int8s(constant) == [127])
    }

    @Test func operatorsWithoutInt8KernelsAreNamed() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let y = b.apply(.elu(alpha: 1), [x], "elu_layer", [1, 4])
        b.output(y)
        var graph = try b.build()
        #expect {
            try Pipeline([QuantizeInt8(ranges: [x: -1...1, y: -1...1])]).run(&graph)
        } throws: { error in
            "\(error)".contains("ELU 'elu_layer'") && "\(error)".contains("no int8 kernel")
        }
    }

    @Test func missingRangeIsAnError() throws {
        var (graph, ranges, _, logits, _) = try convSoftmax()
        var partial = ranges
        partial[logits] = nil
        #expect(throws: PassError.self) { try Pipeline([QuantizeInt8(ranges: partial)]).run(&graph) }
    }
}
