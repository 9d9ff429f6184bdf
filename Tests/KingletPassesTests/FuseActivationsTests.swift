import KingletIR
import KingletPasses
import Testing

@Suite struct FuseActivationsTests {
    /// Every producer kind that takes a fused activation, with `.none`, and how to build it
    /// on a [1,4,4,2] input into a [1,2,2,2] or same-shaped output.
    enum Producer: String, CaseIterable, CustomTestStringConvertible {
        case conv, depthwise, separable, transposeConv, fullyConnected, averagePool, maxPool, add, mul, sub,
             concatenation

        var testDescription: String { rawValue }

        /// Builds x → producer → `activation`, and returns the graph and the producer's output.
        func graph(_ activation: OperatorKind) throws -> (Graph, producerOutput: Int, activationOutput: Int) {
            var b = GraphBuilder()
            let x = b.input("x", [1, 4, 4, 2])
            let p: Int
            switch self {
            case .conv:
                p = b.apply(.conv2D(Attr.conv()), [x, b.ramp("k", [3, 1, 1, 2]), -1], "p", [1, 4, 4, 3])
            case .depthwise:
                p = b.apply(.depthwiseConv2D(Attr.conv()), [x, b.ramp("k", [1, 1, 1, 2]), -1], "p", [1, 4, 4, 2])
            case .separable:
                p = b.apply(.separableConv2D(Attr.conv()), [x, b.ramp("d", [1, 1, 1, 2]), b.ramp("k", [3, 1, 1, 2]), -1],
                            "p", [1, 4, 4, 3])
            case .transposeConv:
                p = b.apply(.transposeConv2D(Attr.conv(stride: 2, padding: .same)), [x, b.ramp("k", [3, 2, 2, 2]), -1],
                            "p", [1, 8, 8, 3])
            case .fullyConnected:
                p = b.apply(.fullyConnected(activation: .none, keepNumDims: true), [x, b.ramp("k", [3, 2]), -1],
                            "p", [1, 4, 4, 3])
            case .averagePool:
                p = b.apply(.averagePool2D(Attr.pool()), [x], "p", [1, 2, 2, 2])
            case .maxPool:
                p = b.apply(.maxPool2D(Attr.pool()), [x], "p", [1, 2, 2, 2])
            case .add:
                p = b.apply(.add(activation: .none), [x, x], "p", [1, 4, 4, 2])
            case .mul:
                p = b.apply(.mul(activation: .none), [x, b.ramp("k", [2])], "p", [1, 4, 4, 2])
            case .sub:
                p = b.apply(.sub(activation: .none), [x, x], "p", [1, 4, 4, 2])
            case .concatenation:
                p = b.apply(.concatenation(axis: 3, activation: .none), [x, x], "p", [1, 4, 4, 4])
            }
            let y = b.apply(activation, [p], "act", b.graph.tensors[p].shape)
            b.output(y)
            return (try b.build(), p, y)
        }

        /// The producer's kind with `activation` fused.
        func fused(_ activation: Activation) -> OperatorKind {
            switch self {
            case .conv: .conv2D(Attr.conv(activation: activation))
            case .depthwise: .depthwiseConv2D(Attr.conv(activation: activation))
            case .separable: .separableConv2D(Attr.conv(activation: activation))
            case .transposeConv: .transposeConv2D(Attr.conv(stride: 2, padding: .same, activation: activation))
            case .fullyConnected: .fullyConnected(activation: activation, keepNumDims: true)
            case .averagePool: .averagePool2D(Attr.pool(activation: activation))
            case .maxPool: .maxPool2D(Attr.pool(activation: activation))
            case .add: .add(activation: activation)
            case .mul: .mul(activation: activation)
            case .sub: .sub(activation: activation)
            case .concatenation: .concatenation(axis: 3, activation: activation)
            }
        }
    }

    /// The activations that fuse, and what they fuse as.
    static let fusible: [(OperatorKind, Activation)] = [
        (.relu, .relu),
        (.relu6, .relu6),
        (.clampedRelu(maxValue: nil, negativeSlope: 0, threshold: 0), .relu),
        (.clampedRelu(maxValue: 6, negativeSlope: 0, threshold: 0), .relu6),
    ]

    @Test(arguments: Producer.allCases)
    func fusesIntoEveryProducerKind(_ producer: Producer) throws {
        for (kind, activation) in Self.fusible {
            var (graph, p, y) = try producer.graph(kind)
            let name = graph.operators[0].name
            try graph.run(FuseActivations())
            #expect(graph.operators.count == 1, "\(kind)")
            #expect(graph.operators[0].kind == producer.fused(activation), "\(kind)")
            #expect(graph.operators[0].outputs == [y])
            #expect(graph.operators[0].name == name)
            #expect(graph.outputs == [y])
            try graph.run(RemoveDeadOperators())
            #expect(!graph.tensors.contains { $0.name == "p" }, "the producer's old output \(p) is dead")
        }
    }

    /// Fusing computes what the separate activation computed.
    @Test func fusedConvComputesTheSameValues() throws {
        for (kind, _) in Self.fusible {
            let (original, _, _) = try Producer.conv.graph(kind)
            var graph = original
            try graph.run(FuseActivations())
            let input = sampleInput(count: 32).map { $0 * 8 }
            let expected = try FloatReference.run(original, [input])[0]
            #expect(try FloatReference.run(graph, [input])[0] == expected)
            #expect(expected.contains(0) && expected.contains { $0 > 0 })
        }
    }

    /// CLAMPED_RELU other than exact relu/relu6 stays.
    @Test(arguments: [
        OperatorKind.clampedRelu(maxValue: 6, negativeSlope: 0.1, threshold: 0),
        .clampedRelu(maxValue: nil, negativeSlope: 0, threshold: 1),
        .clampedRelu(maxValue: 5, negativeSlope: 0, threshold: 0),
        .leakyRelu(alpha: 0.2),
        .logistic,
    ])
    func otherActivationsStay(_ kind: OperatorKind) throws {
        var (graph, p, y) = try Producer.conv.graph(kind)
        try graph.run(FuseActivations())
        #expect(graph.operators.count == 2)
        #expect(graph.operators[0].kind == .conv2D(Attr.conv()))
        #expect(graph.operators[0].outputs == [p])
        #expect(graph.operators[1].outputs == [y])
    }

    @Test func producerReadTwiceDoesNotFuse() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let s = b.apply(.add(activation: .none), [x, x], "add", [1, 4])
        let r = b.apply(.relu, [s], "relu", [1, 4])
        let m = b.apply(.mul(activation: .none), [r, s], "mul", [1, 4])
        b.output(m)
        var graph = try b.build()
        try graph.run(FuseActivations())
        #expect(graph.kindNames == ["ADD", "RELU", "MUL"])
        #expect(graph.operators[0].kind == .add(activation: .none))
    }

    @Test func producerOutputThatIsAModelOutputDoesNotFuse() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let s = b.apply(.add(activation: .none), [x, x], "add", [1, 4])
        let r = b.apply(.relu, [s], "relu", [1, 4])
        b.output(s)
        b.output(r)
        var graph = try b.build()
        try graph.run(FuseActivations())
        #expect(graph.kindNames == ["ADD", "RELU"])
        #expect(graph.outputs == [s, r])
    }

    @Test func producerWithActivationDoesNotFuse() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let s = b.apply(.add(activation: .relu6), [x, x], "add", [1, 4])
        let r = b.apply(.relu, [s], "relu", [1, 4])
        b.output(r)
        var graph = try b.build()
        try graph.run(FuseActivations())
        #expect(graph.kindNames == ["ADD", "RELU"])
        #expect(graph.operators[0].kind == .add(activation: .relu6))
    }

    /// RELU then RELU6: the first fuses, the second finds an activation already fused.
    @Test func secondActivationInARowStays() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let s = b.apply(.add(activation: .none), [x, x], "add", [1, 4])
        let r = b.apply(.relu, [s], "relu", [1, 4])
        let r6 = b.apply(.relu6, [r], "relu6", [1, 4])
        b.output(r6)
        var graph = try b.build()
        try graph.run(FuseActivations())
        #expect(graph.kindNames == ["ADD", "RELU6"])
        #expect(graph.operators[0].kind == .add(activation: .relu))
        #expect(graph.operators[0].outputs == [r])
        #expect(graph.operators[1].inputs == [r])
    }

    @Test func activationOfModelInputStays() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let r = b.apply(.relu, [x], "relu", [1, 4])
        b.output(r)
        var graph = try b.build()
        try graph.run(FuseActivations())
        #expect(graph.kindNames == ["RELU"])
    }

    /// A producer without a fused activation (here TANH) keeps the RELU.
    @Test func producerWithoutFusedActivationKeepsRelu() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let l = b.apply(.tanh, [x], "tanh", [1, 4])
        let r = b.apply(.relu, [l], "relu", [1, 4])
        b.output(r)
        var graph = try b.build()
        try graph.run(FuseActivations())
        #expect(graph.kindNames == ["TANH", "RELU"])
    }

    @Test func malformedActivationsThrow() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let s = b.apply(.add(activation: .none), [x, x], "add", [1, 4])
        let r = b.apply(.relu, [s, x], "relu", [1, 4])
        b.output(r)
        var twoInputs = try b.build()
        let error = #expect(throws: PassError.self) { try FuseActivations().run(&twoInputs) }
        #expect(error?.message.contains("RELU 'relu'") == true)

        var c = GraphBuilder()
        let z = c.input("z", [1, 4])
        let t = c.apply(.add(activation: .none), [z, z], "add", [1, 4])
        let u = c.apply(.relu6, [t], "relu6", [1, 2])
        c.output(u)
        var reshaping = try c.build()
        #expect(throws: PassError.self) { try FuseActivations().run(&reshaping) }
    }
}
