import KingletIR
import KingletPasses
import Testing

@Suite struct FoldBatchNormalizationTests {
    // Hand-picked batch normalization over 2 channels (ε = 0.001).
    static let gamma: [Float] = [2, 0.5]
    static let beta: [Float] = [0.1, -0.2]
    static let mean: [Float] = [1, -2]
    static let variance: [Float] = [3, 0.25]

    /// Expected scale and BN(value) for channel c, from the textbook formula.
    static func scale(_ c: Int) -> Double {
        BatchNormReference.scale(gamma: Double(gamma[c]), variance: Double(variance[c]))
    }
    static func normalize(_ value: Double, _ c: Int) -> Double {
        BatchNormReference.apply(value, gamma: Double(gamma[c]), beta: Double(beta[c]),
                                 mean: Double(mean[c]), variance: Double(variance[c]))
    }

    static func batchNorm(_ b: inout GraphBuilder, _ x: Int, _ name: String = "bn") -> Int {
        b.batchNorm(x, name, gamma: gamma, beta: beta, mean: mean, variance: variance)
    }

    /// x [1,1,1,2] → CONV_2D 1×1, 2 output channels, bias [0.5, −1] → BN.
    struct ConvBN {
        var graph: Graph
        let x: Int, filter: Int, bias: Int, conv: Int, bn: Int

        init(activation: Activation = .none, convIsOutput: Bool = false, secondReader: Bool = false) throws {
            var b = GraphBuilder()
            x = b.input("x", [1, 1, 1, 2])
            filter = b.constant("conv/kernel", [2, 1, 1, 2], [1, 2, -1, 0.5])
            bias = b.constant("conv/bias", [2], [0.5, -1])
            conv = b.apply(.conv2D(Attr.conv(activation: activation)), [x, filter, bias], "conv", [1, 1, 1, 2])
            bn = FoldBatchNormalizationTests.batchNorm(&b, conv)
            if convIsOutput { b.output(conv) }
            if secondReader { b.output(b.apply(.relu, [conv], "other", [1, 1, 1, 2])) }
            b.output(bn)
            graph = try b.build()
        }
    }

    @Test func convFoldsIntoFilterAndBias() throws {
        var m = try ConvBN()
        let original = m.graph
        try m.graph.run(FoldBatchNormalization())
        #expect(m.graph.kindNames == ["CONV_2D"])
        #expect(m.graph.operators[0].inputs == [m.x, m.filter, m.bias])
        #expect(m.graph.operators[0].outputs == [m.bn])
        #expect(m.graph.operators[0].kind == .conv2D(Attr.conv()))
        #expect(m.graph.outputs == [m.bn])
        // Row o of the filter scaled by scale[o]; bias' = BN(bias).
        let s0 = Self.scale(0), s1 = Self.scale(1)
        #expect(close(m.graph.values(m.filter), [1 * s0, 2 * s0, -1 * s1, 0.5 * s1]))
        #expect(close(m.graph.values(m.bias), [Self.normalize(0.5, 0), Self.normalize(-1, 1)]))
        #expect(m.graph.tensors[m.filter].name == "conv/kernel")
        #expect(m.graph.tensors[m.filter].shape == [2, 1, 1, 2])

        let input: [Double] = [0.75, -1.5]
        let expected = try FloatReference.run(original, [input])[0]
        #expect(close(try FloatReference.run(m.graph, [input])[0], expected, tolerance: 1e-5))
        // By hand: conv = [0.75 − 3 + 0.5, −0.75 − 0.75 − 1] = [−1.75, −2.5].
        #expect(close(expected, [Self.normalize(-1.75, 0), Self.normalize(-2.5, 1)], tolerance: 1e-5))
    }

    /// DEPTHWISE_CONV_2D with depth multiplier 2: output channel o = c·2 + m is the filter's
    /// last axis, so every value at position i scales by scale[i mod 4]. No bias: one is made.
    @Test func depthwiseWithDepthMultiplierAndNoBias() throws {
        let gamma: [Float] = [1, 2, 0.5, -1]
        let beta: [Float] = [0, 0.5, -0.5, 1]
        let mean: [Float] = [0.25, -0.5, 1, 2]
        let variance: [Float] = [1, 4, 0.5, 2]
        var b = GraphBuilder()
        let x = b.input("x", [1, 2, 2, 2])
        let filter = b.ramp("dw/kernel", [1, 2, 2, 4], start: -1, step: 0.25)
        let dw = b.apply(.depthwiseConv2D(Attr.conv(depthMultiplier: 2)), [x, filter, -1], "dw", [1, 1, 1, 4])
        let bn = b.batchNorm(dw, "bn", gamma: gamma, beta: beta, mean: mean, variance: variance)
        b.output(bn)
        var graph = try b.build()
        let original = graph
        let before = graph.tensors.count
        try graph.run(FoldBatchNormalization())

        #expect(graph.kindNames == ["DEPTHWISE_CONV_2D"])
        let op = graph.operators[0]
        #expect(op.outputs == [bn])
        #expect(op.inputs[0] == x && op.inputs[1] == filter)
        #expect(op.inputs[2] == before)
        #expect(graph.tensors[before].name == "dw/bias")
        #expect(graph.tensors[before].shape == [4])

        let scale = (0..<4).map { BatchNormReference.scale(gamma: Double(gamma[$0]), variance: Double(variance[$0])) }
        let w = (0..<16).map { -1 + 0.25 * Double($0) }
        #expect(close(graph.values(filter), w.indices.map { w[$0] * scale[$0 % 4] }))
        let bias = (0..<4).map { c in
            BatchNormReference.apply(0, gamma: Double(gamma[c]), beta: Double(beta[c]), mean: Double(mean[c]),
                                     variance: Double(variance[c]))
        }
        #expect(close(graph.values(before), bias))

        let input: [Double] = [0.5, -1, 1.5, 2, -0.25, 0.75, 1, -2]
        #expect(close(try FloatReference.run(graph, [input])[0], try FloatReference.run(original, [input])[0],
                      tolerance: 1e-5))
    }

    /// FULLY_CONNECTED weights [units, depth]: row u scales by scale[u]. The operator had no
    /// bias slot; the folded bias is appended.
    @Test func fullyConnectedWithoutBiasSlot() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 3])
        let weights = b.constant("dense/kernel", [2, 3], [1, 0, -1, 0.5, 2, -0.25])
        let fc = b.apply(.fullyConnected(activation: .none, keepNumDims: false), [x, weights], "dense", [1, 2])
        let bn = Self.batchNorm(&b, fc)
        b.output(bn)
        var graph = try b.build()
        let original = graph
        try graph.run(FoldBatchNormalization())

        #expect(graph.kindNames == ["FULLY_CONNECTED"])
        #expect(graph.operators[0].inputs.count == 3)
        #expect(graph.operators[0].outputs == [bn])
        let s0 = Self.scale(0), s1 = Self.scale(1)
        #expect(close(graph.values(weights), [s0, 0, -s0, 0.5 * s1, 2 * s1, -0.25 * s1]))
        #expect(close(graph.values(graph.operators[0].inputs[2]), [Self.normalize(0, 0), Self.normalize(0, 1)]))

        let input: [Double] = [1, -2, 0.5]
        #expect(close(try FloatReference.run(graph, [input])[0], try FloatReference.run(original, [input])[0],
                      tolerance: 1e-5))
    }

    /// TRANSPOSE_CONV filter [out, kh, kw, in]: the leading axis is the output channel.
    @Test func transposeConvScalesLeadingAxis() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2, 2, 1])
        let filter = b.ramp("up/kernel", [2, 2, 2, 1])
        let bias = b.constant("up/bias", [2], [1, -1])
        let up = b.apply(.transposeConv2D(Attr.conv(stride: 2, padding: .same)), [x, filter, bias], "up",
                         [1, 4, 4, 2])
        let bn = Self.batchNorm(&b, up)
        b.output(bn)
        var graph = try b.build()
        try graph.run(FoldBatchNormalization())
        #expect(graph.kindNames == ["TRANSPOSE_CONV"])
        #expect(graph.operators[0].outputs == [bn])
        let w = (0..<8).map { 0.25 + 0.125 * Double($0) }
        #expect(close(graph.values(filter), w.indices.map { w[$0] * Self.scale($0 / 4) }))
        #expect(close(graph.values(bias), [Self.normalize(1, 0), Self.normalize(-1, 1)]))
    }

    /// Absent gamma is 1, absent beta is 0.
    @Test func absentGammaAndBeta() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2])
        let weights = b.constant("dense/kernel", [2, 2], [1, 2, 3, 4])
        let bias = b.constant("dense/bias", [2], [0.5, -0.5])
        let fc = b.apply(.fullyConnected(activation: .none, keepNumDims: false), [x, weights, bias], "dense", [1, 2])
        let bn = b.batchNorm(fc, "bn", gamma: nil, beta: nil, mean: [1, 2], variance: [0.999, 3.999])
        b.output(bn)
        var graph = try b.build()
        try graph.run(FoldBatchNormalization())
        #expect(graph.kindNames == ["FULLY_CONNECTED"])
        // sqrt(0.999 + 0.001) = 1, sqrt(3.999 + 0.001) = 2 (up to float32 rounding of ε).
        #expect(close(graph.values(weights), [1, 2, 1.5, 2], tolerance: 1e-6))
        #expect(close(graph.values(bias), [-0.5, -1.25], tolerance: 1e-6))
    }

    /// Two normalizations in a row both fold.
    @Test func consecutiveNormalizationsBothFold() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2])
        let weights = b.constant("dense/kernel", [2, 2], [1, 2, 3, 4])
        let fc = b.apply(.fullyConnected(activation: .none, keepNumDims: false), [x, weights, -1], "dense", [1, 2])
        let bn1 = Self.batchNorm(&b, fc, "bn1")
        let bn2 = Self.batchNorm(&b, bn1, "bn2")
        b.output(bn2)
        var graph = try b.build()
        let original = graph
        try graph.run(FoldBatchNormalization())
        #expect(graph.kindNames == ["FULLY_CONNECTED"])
        #expect(graph.operators[0].outputs == [bn2])
        let s0 = Self.scale(0) * Self.scale(0), s1 = Self.scale(1) * Self.scale(1)
        #expect(close(graph.values(weights), [s0, 2 * s0, 3 * s1, 4 * s1], tolerance: 1e-5))
        let input: [Double] = [0.5, -1]
        #expect(close(try FloatReference.run(graph, [input])[0], try FloatReference.run(original, [input])[0],
                      tolerance: 1e-5))
    }

    // MARK: - Standalone normalization (MUL + ADD)

    /// Checks that the normalization of `bn` became MUL(input, scale) → ADD(·, shift) into
    /// its output, with the hand-computed constants, at operator positions `at`, `at + 1`.
    func expectStandalone(_ graph: Graph, input: Int, output: Int, at position: Int,
                          sourceLocation: SourceLocation = #_sourceLocation) {
        let mul = graph.operators[position], add = graph.operators[position + 1]
        #expect(mul.kind == .mul(activation: .none), sourceLocation: sourceLocation)
        #expect(add.kind == .add(activation: .none), sourceLocation: sourceLocation)
        #expect(mul.name == "bn/scale" && add.name == "bn/shift", sourceLocation: sourceLocation)
        #expect(mul.inputs.first == input, sourceLocation: sourceLocation)
        #expect(add.inputs.first == mul.outputs.first, sourceLocation: sourceLocation)
        #expect(add.outputs == [output], sourceLocation: sourceLocation)
        guard mul.inputs.count == 2, add.inputs.count == 2, let middle = mul.outputs.first else {
            Issue.record("malformed MUL/ADD", sourceLocation: sourceLocation)
            return
        }
        #expect(graph.tensors[middle].shape == graph.tensors[input].shape, sourceLocation: sourceLocation)
        #expect(!graph.tensors[middle].isConstant, sourceLocation: sourceLocation)
        #expect(graph.tensors[mul.inputs[1]].shape == [2], sourceLocation: sourceLocation)
        #expect(graph.tensors[add.inputs[1]].shape == [2], sourceLocation: sourceLocation)
        #expect(close(graph.values(mul.inputs[1]), [Self.scale(0), Self.scale(1)]), sourceLocation: sourceLocation)
        // shift = BN(0).
        #expect(close(graph.values(add.inputs[1]), [Self.normalize(0, 0), Self.normalize(0, 1)]),
                sourceLocation: sourceLocation)
    }

    @Test func afterAddBecomesMulAndAdd() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 3, 2])
        let y = b.input("y", [1, 3, 2])
        let sum = b.apply(.add(activation: .none), [x, y], "add", [1, 3, 2])
        let bn = Self.batchNorm(&b, sum)
        b.output(bn)
        var graph = try b.build()
        let original = graph
        try graph.run(FoldBatchNormalization())
        #expect(graph.kindNames == ["ADD", "MUL", "ADD"])
        expectStandalone(graph, input: sum, output: bn, at: 1)
        #expect(graph.operators[0].kind == .add(activation: .none))
        #expect(graph.operators[0].outputs == [sum])

        let inputs: [[Double]] = [[1, 2, 3, 4, 5, 6], [-0.5, 0.25, 1, -2, 0, 0.5]]
        #expect(close(try FloatReference.run(graph, inputs)[0], try FloatReference.run(original, inputs)[0],
                      tolerance: 1e-5))
    }

    @Test func onModelInputBecomesMulAndAdd() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2])
        let bn = Self.batchNorm(&b, x)
        b.output(bn)
        var graph = try b.build()
        try graph.run(FoldBatchNormalization(), RemoveDeadOperators())
        #expect(graph.kindNames == ["MUL", "ADD"])
        #expect(graph.tensors.map(\.name) == ["x", "bn", "bn/scale", "bn/shift", "bn/scaled"])
        expectStandalone(graph, input: 0, output: 1, at: 0)
    }

    @Test func convOutputReadTwiceDoesNotFold() throws {
        var m = try ConvBN(secondReader: true)
        try m.graph.run(FoldBatchNormalization())
        #expect(m.graph.kindNames == ["CONV_2D", "MUL", "ADD", "RELU"])
        #expect(m.graph.operators[0].outputs == [m.conv])
        #expect(m.graph.values(m.filter) == [1, 2, -1, 0.5])
        #expect(m.graph.values(m.bias) == [0.5, -1])
        expectStandalone(m.graph, input: m.conv, output: m.bn, at: 1)
    }

    @Test func convOutputThatIsAModelOutputDoesNotFold() throws {
        var m = try ConvBN(convIsOutput: true)
        try m.graph.run(FoldBatchNormalization())
        #expect(m.graph.kindNames == ["CONV_2D", "MUL", "ADD"])
        #expect(m.graph.outputs == [m.conv, m.bn])
        #expect(m.graph.values(m.filter) == [1, 2, -1, 0.5])
        expectStandalone(m.graph, input: m.conv, output: m.bn, at: 1)
    }

    @Test func convWithActivationDoesNotFold() throws {
        var m = try ConvBN(activation: .relu)
        try m.graph.run(FoldBatchNormalization())
        #expect(m.graph.kindNames == ["CONV_2D", "MUL", "ADD"])
        #expect(m.graph.operators[0].kind == .conv2D(Attr.conv(activation: .relu)))
        #expect(m.graph.values(m.filter) == [1, 2, -1, 0.5])
        expectStandalone(m.graph, input: m.conv, output: m.bn, at: 1)
    }

    /// A filter another operator also reads is not rewritten: the normalization stays apart.
    @Test func sharedFilterDoesNotFold() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2])
        let weights = b.constant("dense/kernel", [2, 2], [1, 2, 3, 4])
        let fc1 = b.apply(.fullyConnected(activation: .none, keepNumDims: false), [x, weights, -1], "dense", [1, 2])
        let fc2 = b.apply(.fullyConnected(activation: .none, keepNumDims: false), [x, weights, -1], "dense_1", [1, 2])
        let bn = Self.batchNorm(&b, fc1)
        b.output(bn)
        b.output(fc2)
        var graph = try b.build()
        try graph.run(FoldBatchNormalization())
        #expect(graph.kindNames == ["FULLY_CONNECTED", "FULLY_CONNECTED", "MUL", "ADD"])
        #expect(graph.values(weights) == [1, 2, 3, 4])
        expectStandalone(graph, input: fc1, output: bn, at: 2)
    }

    /// A filter that is not a constant (here a model input) cannot fold.
    @Test func nonConstantFilterDoesNotFold() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2])
        let weights = b.input("weights", [2, 2])
        let fc = b.apply(.fullyConnected(activation: .none, keepNumDims: false), [x, weights, -1], "dense", [1, 2])
        let bn = Self.batchNorm(&b, fc)
        b.output(bn)
        var graph = try b.build()
        try graph.run(FoldBatchNormalization())
        #expect(graph.kindNames == ["FULLY_CONNECTED", "MUL", "ADD"])
        expectStandalone(graph, input: fc, output: bn, at: 1)
    }

    /// A bias another operator also reads is left alone: the folded bias is a new constant.
    @Test func sharedBiasIsCopiedNotModified() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2])
        let w1 = b.constant("dense/kernel", [2, 2], [1, 2, 3, 4])
        let w2 = b.constant("dense_1/kernel", [2, 2], [5, 6, 7, 8])
        let bias = b.constant("shared_bias", [2], [0.5, -1])
        let fc1 = b.apply(.fullyConnected(activation: .none, keepNumDims: false), [x, w1, bias], "dense", [1, 2])
        let fc2 = b.apply(.fullyConnected(activation: .none, keepNumDims: false), [x, w2, bias], "dense_1", [1, 2])
        let bn = Self.batchNorm(&b, fc1)
        b.output(bn)
        b.output(fc2)
        var graph = try b.build()
        try graph.run(FoldBatchNormalization())
        #expect(graph.kindNames == ["FULLY_CONNECTED", "FULLY_CONNECTED"])
        let newBias = graph.operators[0].inputs[2]
        #expect(newBias != bias)
        #expect(graph.tensors[newBias].name == "shared_bias_1")
        #expect(close(graph.values(newBias), [Self.normalize(0.5, 0), Self.normalize(-1, 1)]))
        #expect(graph.values(bias) == [0.5, -1])
        #expect(graph.operators[1].inputs == [x, w2, bias])
        #expect(graph.operators[0].outputs == [bn])
    }

    // MARK: - Errors

    @Test func nonConstantParameterThrowsNamingTheLayer() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2])
        let variance = b.input("variance", [2])
        let gamma = b.constant("g", [2], [1, 1]), beta = b.constant("b", [2], [0, 0]), mean = b.constant("m", [2], [0, 0])
        let y = b.apply(.batchNormalization(epsilon: 0.001), [x, gamma, beta, mean, variance], "bn_7", [1, 2])
        b.output(y)
        var graph = try b.build()
        let error = #expect(throws: PassError.self) { try FoldBatchNormalization().run(&graph) }
        #expect(error?.message.contains("BATCH_NORMALIZATION 'bn_7'") == true)
        #expect(error?.message.contains("moving variance 'variance'") == true)
    }

    @Test func parameterShapeMismatchThrows() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2])
        let y = b.batchNorm(x, "bn", gamma: [1, 1, 1], beta: nil, mean: [0, 0, 0], variance: [1, 1, 1])
        b.output(y)
        var graph = try b.build()
        let error = #expect(throws: PassError.self) { try FoldBatchNormalization().run(&graph) }
        #expect(error?.message.contains("'bn'") == true)
    }

    @Test func producerChannelMismatchThrows() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 1, 1, 2])
        let filter = b.ramp("conv/kernel", [3, 1, 1, 2])
        let conv = b.apply(.conv2D(Attr.conv()), [x, filter, -1], "conv", [1, 1, 1, 2])
        let y = Self.batchNorm(&b, conv)
        b.output(y)
        var graph = try b.build()
        let error = #expect(throws: PassError.self) { try FoldBatchNormalization().run(&graph) }
        #expect(error?.message.contains("'bn'") == true)
        #expect(error?.message.contains("'conv'") == true)
    }

    @Test func wrongOperandCountThrows() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2])
        let m = b.constant("m", [2], [0, 0]), v = b.constant("v", [2], [1, 1])
        let y = b.apply(.batchNormalization(epsilon: 0.001), [x, m, v], "bn", [1, 2])
        b.output(y)
        var graph = try b.build()
        #expect(throws: PassError.self) { try FoldBatchNormalization().run(&graph) }
    }

    @Test func nonPositiveVarianceThrows() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2])
        let y = b.batchNorm(x, "bn", gamma: nil, beta: nil, mean: [0, 0], variance: [1, -1])
        b.output(y)
        var graph = try b.build()
        #expect(throws: PassError.self) { try FoldBatchNormalization().run(&graph) }
    }
}
