import KingletIR
@testable import KingletPasses
import Testing

@Suite struct ChannelPruningTests {
    /// Deterministic values in [−1, 1): (i · step mod modulus) scaled, shifted off zero.
    static func pattern(_ count: Int, _ step: Int = 37, _ modulus: Int = 17) -> [Float] {
        (0..<count).map { i -> Float in
            let k = (i * step) % modulus
            return (Float(2 * k) + 0.5) / Float(modulus) - 1
        }
    }

    /// `values` shaped `shape`, with the entries whose index on `axis` is in `channels` set to 0.
    static func zeroing(_ values: [Float], _ shape: [Int], axis: Int, _ channels: Set<Int>) -> [Float] {
        let inner = shape[(axis + 1)...].reduce(1, *)
        return values.indices.map { i in channels.contains((i / inner) % shape[axis]) ? 0 : values[i] }
    }

    /// A CONV_2D k×k (SAME) with `out` filters; the `zero` channels have zero filter and bias.
    static func conv(_ b: inout GraphBuilder, _ x: Int, _ name: String, out: Int, kernel: Int = 1, stride: Int = 1,
                     zero: Set<Int> = [], activation: Activation = .relu, step: Int = 37) -> Int {
        let xs = b.graph.tensors[x].shape
        let shape = [out, kernel, kernel, xs[3]]
        let filter = b.constant("\(name)/kernel", shape,
                                zeroing(pattern(shape.reduce(1, *), step), shape, axis: 0, zero))
        let bias = b.constant("\(name)/bias", [out], (0..<out).map { zero.contains($0) ? 0 : 0.25 + 0.125 * Float($0) })
        let ys = [xs[0], (xs[1] + stride - 1) / stride, (xs[2] + stride - 1) / stride, out]
        return b.apply(.conv2D(Attr.conv(stride: stride, padding: .same, activation: activation)), [x, filter, bias], name, ys)
    }

    /// A DEPTHWISE_CONV_2D 3×3 (SAME); the `zero` channels have zero filter and bias.
    static func depthwise(_ b: inout GraphBuilder, _ x: Int, _ name: String, stride: Int = 1, zero: Set<Int> = [],
                          activation: Activation = .relu) -> Int {
        let xs = b.graph.tensors[x].shape
        let shape = [1, 3, 3, xs[3]]
        let filter = b.constant("\(name)/kernel", shape, zeroing(pattern(shape.reduce(1, *), 29, 23), shape, axis: 3, zero))
        let bias = b.constant("\(name)/bias", [xs[3]], (0..<xs[3]).map { zero.contains($0) ? 0 : 0.1 * Float($0 % 5) - 0.15 })
        let ys = [xs[0], (xs[1] + stride - 1) / stride, (xs[2] + stride - 1) / stride, xs[3]]
        return b.apply(.depthwiseConv2D(Attr.conv(stride: stride, padding: .same, activation: activation)),
                       [x, filter, bias], name, ys)
    }

    /// A FULLY_CONNECTED [units, depth]; the `zero` units have zero weights and bias.
    static func dense(_ b: inout GraphBuilder, _ x: Int, _ name: String, units: Int, zero: Set<Int> = [],
                      activation: Activation = .none) -> Int {
        let xs = b.graph.tensors[x].shape
        let shape = [units, xs.last!]
        let filter = b.constant("\(name)/kernel", shape, zeroing(pattern(shape.reduce(1, *), 41, 19), shape, axis: 0, zero))
        let bias = b.constant("\(name)/bias", [units], (0..<units).map { zero.contains($0) ? 0 : 0.05 * Float($0) + 0.1 })
        return b.apply(.fullyConnected(activation: activation, keepNumDims: false), [x, filter, bias], name,
                       [xs[0], units])
    }

    /// Both graphs compute the same outputs (within 1e-5) on a sample input.
    static func same(_ original: Graph, _ pruned: Graph) throws {
        let inputs = original.inputs.map { sampleInput(count: original.tensors[$0].elementCount) }
        let expected = try ExtendedFloatReference.run(original, inputs)
        let got = try ExtendedFloatReference.run(pruned, inputs)
        #expect(expected.count == got.count)
        for (e, g) in zip(expected, got) {
            #expect(e.count == g.count)
            #expect(e.contains { $0 != 0 }, "a test output that is all zeros checks nothing")
            for (a, b) in zip(e, g) { #expect(abs(a - b) <= 1e-5 * max(1, abs(a)), "\(a) vs \(b)") }
        }
    }

    static func decision(_ pass: ChannelPruning, _ layer: String) throws -> ChannelPruning.Decision {
        try #require(pass.decisions.first { $0.layer == layer })
    }

    static func shape(_ graph: Graph, _ name: String) -> [Int]? {
        graph.tensor(named: name).map { graph.tensors[$0].shape }
    }

    /// The constant an operator reads in `slot`.
    static func operand(_ graph: Graph, _ layer: String, _ slot: Int) throws -> Tensor {
        let op = try #require(graph.operators.first { $0.name == layer })
        return graph.tensors[op.inputs[slot]]
    }

    /// The values of `constant` keeping `keep` on `axis` (the expectation, computed directly).
    static func columns(_ values: [Float], _ shape: [Int], axis: Int, _ keep: [Int]) -> [Float] {
        let inner = shape[(axis + 1)...].reduce(1, *), size = shape[axis]
        var result: [Float] = []
        for outer in 0..<(values.count / (inner * size)) {
            for k in keep { result += values[(outer * size + k) * inner..<(outer * size + k + 1) * inner] }
        }
        return result
    }

    // MARK: - Exactness: removing all-zero channels changes nothing

    /// conv(6, channels 1 and 4 zero) → RELU → conv 1×1 → output.
    @Test func convReluConvChain() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 5, 5, 3])
        let c1 = Self.conv(&b, x, "conv1", out: 6, kernel: 3, zero: [1, 4], activation: .none)
        let r = b.apply(.relu, [c1], "relu", [1, 5, 5, 6])
        b.output(Self.conv(&b, r, "conv2", out: 4, activation: .none, step: 13))
        let original = try b.build()
        var graph = original
        var pass = ChannelPruning(fraction: 0.34)
        try pass.prune(&graph)
        try graph.verify()

        let first = try Self.decision(pass, "conv1")
        #expect(first.channelsBefore == 6 && first.channelsAfter == 4 && first.removedChannels == [1, 4])
        #expect(first.reason == nil && first.tiedWith.isEmpty && first.kind == "CONV_2D")
        let second = try Self.decision(pass, "conv2")
        #expect(second.channelsAfter == 4 && second.reason == "feeds model output 'conv2'")
        #expect(Self.shape(graph, "conv1") == [1, 5, 5, 4] && Self.shape(graph, "relu") == [1, 5, 5, 4])
        #expect(try Self.operand(graph, "conv1", 1).shape == [4, 3, 3, 3])
        #expect(try Self.operand(graph, "conv1", 2).floatValues == [0.25, 0.5, 0.625, 0.875])
        let head = try Self.operand(original, "conv2", 1)
        #expect(try Self.operand(graph, "conv2", 1).floatValues
            == Self.columns(head.floatValues!, head.shape, axis: 3, [0, 2, 3, 5]))
        try Self.same(original, graph)
    }

    /// conv 3×3 → depthwise 3×3 → pointwise 1×1: the depthwise layer is pruned with the conv.
    @Test func mobileNetBlock() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 6, 6, 3])
        let c = Self.conv(&b, x, "conv", out: 8, kernel: 3, zero: [2, 5], activation: .relu6)
        let d = Self.depthwise(&b, c, "dw", zero: [2, 5])
        b.output(Self.conv(&b, d, "pw", out: 5, activation: .none, step: 11))
        let original = try b.build()
        var graph = original
        var pass = ChannelPruning(fraction: 0.25)
        try pass.prune(&graph)
        try graph.verify()

        let conv = try Self.decision(pass, "conv"), dw = try Self.decision(pass, "dw")
        #expect(conv.removedChannels == [2, 5] && conv.tiedWith == ["dw"])
        #expect(dw.kind == "DEPTHWISE_CONV_2D" && dw.channelsBefore == 8 && dw.channelsAfter == 6)
        #expect(dw.removedChannels == [2, 5] && dw.tiedWith == ["conv"] && dw.reason == nil)
        #expect(try Self.operand(graph, "dw", 1).shape == [1, 3, 3, 6] && Self.operand(graph, "dw", 2).shape == [6])
        #expect(try Self.operand(graph, "pw", 1).shape == [5, 1, 1, 6])
        #expect(Self.shape(graph, "dw") == [1, 6, 6, 6])
        try Self.same(original, graph)
    }

    /// conv0 → conv1, ADD(conv0, conv1) → conv2: the ADD ties both convs, which lose the
    /// same channels; conv1 also loses the matching input channels.
    @Test func residualAddTiesItsInputs() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4, 4, 3])
        let c0 = Self.conv(&b, x, "conv0", out: 6, kernel: 3, zero: [0, 3])
        let c1 = Self.conv(&b, c0, "conv1", out: 6, kernel: 3, zero: [0, 3], step: 23)
        let sum = b.apply(.add(activation: .none), [c0, c1], "add", [1, 4, 4, 6])
        b.output(Self.conv(&b, sum, "conv2", out: 4, activation: .none, step: 13))
        let original = try b.build()
        var graph = original
        var pass = ChannelPruning(fraction: 0.34)
        try pass.prune(&graph)
        try graph.verify()

        let d0 = try Self.decision(pass, "conv0"), d1 = try Self.decision(pass, "conv1")
        #expect(d0.removedChannels == [0, 3] && d1.removedChannels == [0, 3])
        #expect(d0.tiedWith == ["conv1"] && d1.tiedWith == ["conv0"])
        #expect(try Self.operand(graph, "conv1", 1).shape == [4, 3, 3, 4])
        #expect(Self.shape(graph, "add") == [1, 4, 4, 4])
        try Self.same(original, graph)
    }

    /// Two convs concatenated on the channel axis, then a conv: each input group is pruned on
    /// its own, and the reader loses the kept channels at their offsets.
    @Test func concatenationOfTwoConvs() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4, 4, 2])
        let a = Self.conv(&b, x, "a", out: 4, zero: [2])
        let c = Self.conv(&b, x, "b", out: 6, kernel: 3, zero: [0, 5], step: 31)
        let joined = b.apply(.concatenation(axis: 3, activation: .none), [a, c], "concat", [1, 4, 4, 10])
        b.output(Self.conv(&b, joined, "head", out: 3, activation: .none, step: 13))
        let original = try b.build()
        var graph = original
        var pass = ChannelPruning(fraction: 0.34)
        try pass.prune(&graph)
        try graph.verify()

        #expect(try Self.decision(pass, "a").removedChannels == [2])
        #expect(try Self.decision(pass, "b").removedChannels == [0, 5])
        #expect(try Self.decision(pass, "a").tiedWith.isEmpty)
        #expect(Self.shape(graph, "concat") == [1, 4, 4, 7])
        let head = try Self.operand(original, "head", 1)
        #expect(try Self.operand(graph, "head", 1).floatValues
            == Self.columns(head.floatValues!, head.shape, axis: 3, [0, 1, 3, 5, 6, 7, 8]))
        try Self.same(original, graph)
    }

    /// conv → RESHAPE [1, H·W·C] (with a constant new shape) → dense: the dense layer loses
    /// the columns whose index mod C is a removed channel.
    @Test func flattenIntoDense() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 3, 3, 2])
        let c = Self.conv(&b, x, "conv", out: 5, kernel: 3, zero: [1, 3])
        let target = b.graph.add(Tensor(name: "flatten/shape", shape: [2], int32s: [1, 45]))
        let flat = b.apply(.reshape, [c, target], "flatten", [1, 45])
        b.output(Self.dense(&b, flat, "dense", units: 4, activation: .relu))
        let original = try b.build()
        var graph = original
        var pass = ChannelPruning(fraction: 0.4)
        try pass.prune(&graph)
        try graph.verify()

        #expect(try Self.decision(pass, "conv").removedChannels == [1, 3])
        #expect(Self.shape(graph, "flatten") == [1, 27])
        let reshape = try #require(graph.operators.first { $0.name == "flatten" })
        #expect(graph.tensors[reshape.inputs[1]].int32Values == [1, 27])
        let kept = (0..<45).filter { ![1, 3].contains($0 % 5) }
        let weights = try Self.operand(original, "dense", 1)
        #expect(try Self.operand(graph, "dense", 1).floatValues
            == Self.columns(weights.floatValues!, weights.shape, axis: 1, kept))
        try Self.same(original, graph)
    }

    /// conv → global average pool (MEAN over H, W) → dense.
    @Test func globalAveragePoolIntoDense() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4, 4, 3])
        let c = Self.conv(&b, x, "conv", out: 5, kernel: 3, zero: [0, 4])
        let axes = b.graph.add(Tensor(name: "gap/axes", shape: [2], int32s: [1, 2]))
        let pooled = b.apply(.mean(keepDims: false), [c, axes], "gap", [1, 5])
        b.output(Self.dense(&b, pooled, "dense", units: 3))
        let original = try b.build()
        var graph = original
        var pass = ChannelPruning(fraction: 0.4)
        try pass.prune(&graph)
        try graph.verify()

        #expect(try Self.decision(pass, "conv").removedChannels == [0, 4])
        #expect(Self.shape(graph, "gap") == [1, 3])
        #expect(try Self.operand(graph, "dense", 1).shape == [3, 3])
        try Self.same(original, graph)
    }

    /// An unfolded batch normalization (MUL and ADD by [C] constants) follows the conv; the
    /// scale is also read by a second MUL whose channels feed a model output, so that one
    /// keeps the original constant and the pruned MUL gets a copy.
    @Test func unfoldedBatchNormIsSliced() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4, 4, 2])
        let c = Self.conv(&b, x, "conv", out: 6, kernel: 3, zero: [1, 2], activation: .none)
        let scale = b.constant("bn/scale", [6], [0.5, 2, -1, 1.5, 0.75, -0.5])
        let shift = b.constant("bn/shift", [6], [0.1, 0, 0, -0.2, 0.3, 0.05])
        let scaled = b.apply(.mul(activation: .none), [c, scale], "bn/mul", [1, 4, 4, 6])
        let shifted = b.apply(.add(activation: .none), [scaled, shift], "bn/add", [1, 4, 4, 6])
        let r = b.apply(.relu, [shifted], "relu", [1, 4, 4, 6])
        b.output(Self.conv(&b, r, "head", out: 3, activation: .none, step: 13))
        let other = Self.conv(&b, x, "other", out: 6, activation: .none, step: 7)
        b.output(b.apply(.mul(activation: .none), [scale, other], "other/mul", [1, 4, 4, 6]))
        let original = try b.build()
        var graph = original
        var pass = ChannelPruning(fraction: 0.34)
        try pass.prune(&graph)
        try graph.verify()

        #expect(try Self.decision(pass, "conv").removedChannels == [1, 2])
        #expect(try Self.decision(pass, "other").reason == "feeds model output 'other/mul'")
        #expect(try Self.operand(graph, "bn/mul", 1).floatValues == [0.5, 1.5, 0.75, -0.5])
        #expect(try Self.operand(graph, "bn/add", 1).floatValues == [0.1, -0.2, 0.3, 0.05])
        #expect(try Self.operand(graph, "other/mul", 0).shape == [6])
        #expect(try Self.operand(graph, "other/mul", 0).name == "bn/scale")
        #expect(Self.shape(graph, "relu") == [1, 4, 4, 4])
        try Self.same(original, graph)
    }

    // MARK: - Frozen groups

    /// A layer feeding a model output or a SOFTMAX, or added to a model input, keeps its
    /// channels and says why; the layers before it are still pruned.
    @Test func frozenGroupsSayWhy() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 8])
        let d1 = Self.dense(&b, x, "dense_1", units: 6, zero: [0, 1], activation: .relu)
        b.output(Self.dense(&b, d1, "dense_2", units: 4))
        var graph = try b.build()
        var pass = ChannelPruning(fraction: 0.5)
        try pass.prune(&graph)
        #expect(try Self.decision(pass, "dense_1").channelsAfter == 3)
        let last = try Self.decision(pass, "dense_2")
        #expect(last.channelsBefore == 4 && last.channelsAfter == 4 && last.removedChannels.isEmpty)
        #expect(last.reason == "feeds model output 'dense_2'")

        var s = GraphBuilder()
        let input = s.input("x", [1, 8])
        let logits = Self.dense(&s, input, "logits", units: 6)
        s.output(s.apply(.softmax(beta: 1), [logits], "probs", [1, 6]))
        var softmax = try s.build()
        var frozen = ChannelPruning(fraction: 0.5)
        try frozen.prune(&softmax)
        #expect(try Self.decision(frozen, "logits").reason == "read by SOFTMAX 'probs'")
        #expect(softmax.tensors[softmax.operators[0].inputs[1]].shape == [6, 8])

        var r = GraphBuilder()
        let image = r.input("image", [1, 4, 4, 4])
        let c = Self.conv(&r, image, "conv", out: 4, kernel: 3)
        let sum = r.apply(.add(activation: .none), [image, c], "skip", [1, 4, 4, 4])
        r.output(Self.conv(&r, sum, "head", out: 2))
        var residual = try r.build()
        var tied = ChannelPruning(fraction: 0.5)
        try tied.prune(&residual)
        #expect(try Self.decision(tied, "conv").reason == "shares channels with model input 'image'")
    }

    // MARK: - Savings

    struct MobileNet {
        var graph: Graph
        init() throws {
            var b = GraphBuilder()
            let x = b.input("x", [1, 16, 16, 3])
            var t = ChannelPruningTests.conv(&b, x, "conv0", out: 16, kernel: 3, stride: 2, activation: .relu6)
            for (i, (out, stride)) in [(32, 1), (64, 2), (128, 1)].enumerated() {
                t = ChannelPruningTests.depthwise(&b, t, "dw\(i + 1)", stride: stride)
                t = ChannelPruningTests.conv(&b, t, "pw\(i + 1)", out: out, activation: .relu6, step: [19, 23, 29][i])
            }
            let axes = b.graph.add(Tensor(name: "gap/axes", shape: [2], int32s: [1, 2]))
            let shape = b.graph.tensors[t].shape
            let pooled = b.apply(.mean(keepDims: false), [t, axes], "gap", [1, shape[3]])
            b.output(ChannelPruningTests.dense(&b, pooled, "dense", units: 10))
            graph = try b.build()
        }
    }

    /// Multiply-accumulates of the CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED layers.
    static func macs(_ graph: Graph) -> Int {
        graph.operators.reduce(0) { total, op in
            let filter = graph.tensors[op.inputs[1]].shape, out = graph.tensors[op.outputs[0]].elementCount
            switch op.kind {
            case .conv2D: return total + out * filter[1] * filter[2] * filter[3]
            case .depthwiseConv2D: return total + out * filter[1] * filter[2]
            case .fullyConnected: return total + out * filter[1]
            default: return total
            }
        }
    }

    /// Filter and bias values of the same layers.
    static func parameters(_ graph: Graph) -> Int {
        graph.operators.filter { ChannelPruning.isLayer($0) }.reduce(0) { total, op in
            total + op.inputs.dropFirst().filter { $0 >= 0 }.reduce(0) { $0 + graph.tensors[$1].elementCount }
        }
    }

    /// conv 3×3 → [dw 3×3 → pw 1×1] × 3 → GAP → dense at fraction 0.3: the MACs (and the
    /// parameters) drop by more than 40 %; every group but the output's shrinks by 30 %.
    @Test func mobileNetStackSavings() throws {
        let original = try MobileNet().graph
        var graph = original
        var pass = ChannelPruning(fraction: 0.3)
        try pass.prune(&graph)
        try graph.verify()
        let after = pass.decisions.map { "\($0.layer):\($0.channelsAfter)" }
        #expect(after == ["conv0:12", "dw1:12", "pw1:23", "dw2:23", "pw2:45", "dw3:45", "pw3:90", "dense:10"])
        #expect(try Self.decision(pass, "pw1").tiedWith == ["dw2"])
        let macRatio = Double(Self.macs(graph)) / Double(Self.macs(original))
        let parameterRatio = Double(Self.parameters(graph)) / Double(Self.parameters(original))
        #expect(macRatio <= 0.6, "MACs kept: \(macRatio)")
        #expect(parameterRatio <= 0.6, "parameters kept: \(parameterRatio)")
        let output = try ExtendedFloatReference.run(graph, [sampleInput(count: 16 * 16 * 3)])
        #expect(output[0].count == 10 && output[0].allSatisfy(\.isFinite))
    }

    /// perLayer overrides the fraction for the group holding the layer (a depthwise layer
    /// names its producer's group); fraction 0 leaves the graph as it was; an unknown layer
    /// is an error that lists the layers.
    @Test func perLayerOverrides() throws {
        let original = try MobileNet().graph
        var graph = original
        var pass = ChannelPruning(fraction: 0, perLayer: ["pw2": 0.5, "dw2": 0.25])
        try pass.prune(&graph)
        try graph.verify()
        let after = pass.decisions.map { "\($0.layer):\($0.channelsAfter)" }
        #expect(after == ["conv0:16", "dw1:16", "pw1:24", "dw2:24", "pw2:32", "dw3:32", "pw3:128", "dense:10"])
        #expect(try Self.decision(pass, "conv0").reason == "fraction 0.0 of 16 channels removes none")

        var untouched = original
        var nothing = ChannelPruning(fraction: 0)
        try nothing.prune(&untouched)
        #expect(untouched.tensors.map(\.shape) == original.tensors.map(\.shape))
        #expect(untouched.tensors.map(\.data) == original.tensors.map(\.data))

        var unknown = original
        var wrong = ChannelPruning(fraction: 0.3, perLayer: ["pw9": 0.5])
        let error = try #require(throws: PassError.self) { try wrong.prune(&unknown) }
        #expect(error.message.contains("'pw9'") && error.message.contains("conv0, dw1, pw1"))
    }

    // MARK: - Criteria

    /// Rows [1, 1, 1, 1] (L1 4, L2 2) and [3, 0, 0, 0] (L1 3, L2 3): L1 removes the second,
    /// L2 the first.
    @Test func l1AndL2RankByTheirNorms() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let w1 = b.constant("fc1/kernel", [2, 4], [1, 1, 1, 1, 3, 0, 0, 0])
        let h = b.apply(.fullyConnected(activation: .relu, keepNumDims: false), [x, w1, -1], "fc1", [1, 2])
        let w2 = b.constant("fc2/kernel", [1, 2], [1, -1])
        b.output(b.apply(.fullyConnected(activation: .none, keepNumDims: false), [h, w2, -1], "fc2", [1, 1]))
        let original = try b.build()
        for (criterion, removed) in [(ChannelPruning.Criterion.l1, 1), (.l2, 0)] {
            var graph = original
            var pass = ChannelPruning(fraction: 0.5, criterion: criterion)
            try pass.prune(&graph)
            try graph.verify()
            #expect(try Self.decision(pass, "fc1").removedChannels == [removed], "\(criterion)")
            #expect(try Self.operand(graph, "fc2", 1).floatValues == [removed == 0 ? -1 : 1])
        }
    }

    /// conv → BATCH_NORMALIZATION → RELU → conv: the gammas are read before canonicalization
    /// folds them (the folded conv keeps its name). The channels with large filters but small
    /// gammas go under .batchNormGamma; L2 on the folded filters picks others.
    @Test func batchNormGammaCriterion() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 3, 3, 2])
        let filter = b.constant("conv/kernel", [4, 1, 1, 2], [20, 20, 20, -20, 1, 1, 1.5, -1.5])
        let bias = b.constant("conv/bias", [4], [0.1, 0.2, 0.3, 0.4])
        let c = b.apply(.conv2D(Attr.conv()), [x, filter, bias], "conv", [1, 3, 3, 4])
        let gamma: [Float] = [0.1, -0.2, 1, 2]
        let bn = b.batchNorm(c, "bn", gamma: gamma, beta: [0, 0, 0, 0], mean: [0, 0, 0, 0], variance: [1, 1, 1, 1])
        let r = b.apply(.relu, [bn], "relu", [1, 3, 3, 4])
        b.output(Self.conv(&b, r, "head", out: 2, activation: .none))
        var graph = try b.build()

        let gammas = ChannelPruning.batchNormGammas(graph)
        #expect(gammas == ["conv": [0.1, 0.2, 1, 2]])
        try Pipeline(Canonicalization.passes).run(&graph)
        #expect(graph.kindNames == ["CONV_2D", "CONV_2D"] && graph.operators[0].name == "conv")

        var byGamma = graph
        var gammaPass = ChannelPruning(fraction: 0.5, criterion: .batchNormGamma, batchNormGammas: gammas)
        try gammaPass.prune(&byGamma)
        #expect(try Self.decision(gammaPass, "conv").removedChannels == [0, 1])
        // No gamma for the head: it falls back to L2 (and is frozen anyway).
        #expect(try Self.decision(gammaPass, "head").reason == "feeds model output 'head'")

        var byNorm = graph
        var normPass = ChannelPruning(fraction: 0.5)
        try normPass.prune(&byNorm)
        // Folded norms: 28.3·0.1, 28.3·0.2, 1.41, 2.12·2 (÷ √1.001).
        #expect(try Self.decision(normPass, "conv").removedChannels == [0, 2])

        var mismatch = graph
        var wrong = ChannelPruning(fraction: 0.5, criterion: .batchNormGamma, batchNormGammas: ["conv": [1, 2]])
        #expect(throws: PassError.self) { try wrong.prune(&mismatch) }
    }
}
