import KingletIR
import Testing
@testable import KingletTrain

/// Every training kernel's backward pass against finite differences, on small graphs with
/// the shapes that exercise its edges (padding, stride, dilation, groups, broadcasting).
@Suite struct OperatorGradientTests {
    private func expectGradients(_ graph: Graph, training: Bool = false, batch: Int = 2) throws {
        let mismatches = try GradientCheck.mismatches(graph, batch: batch, training: training)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    private func conv(_ input: [Int], filter: [Int], output: [Int], _ a: Conv2DAttributes, depthwise: Bool = false,
                      bias: Bool = true) throws -> Graph {
        var b = TrainGraphBuilder()
        let x = b.input(input)
        let w = b.constant(filter)
        let channels = depthwise ? filter[3] : filter[0]
        let operands = bias ? [x, w, b.constant([channels])] : [x, w]
        b.output(b.op(depthwise ? .depthwiseConv2D(a) : .conv2D(a), operands, output))
        return b.graph
    }

    @Test func conv2DValid() throws {
        try expectGradients(try conv([1, 5, 6, 3], filter: [4, 3, 2, 3], output: [1, 3, 5, 4],
                                     Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none)))
    }

    @Test func conv2DSameStrideDilationRelu() throws {
        try expectGradients(try conv([1, 7, 6, 2], filter: [3, 3, 3, 2], output: [1, 4, 3, 3],
                                     Conv2DAttributes(strideH: 2, strideW: 2, dilationH: 2, dilationW: 1,
                                                      padding: .same, activation: .relu)))
    }

    @Test func conv2DPointwiseAndGrouped() throws {
        try expectGradients(try conv([1, 3, 4, 5], filter: [6, 1, 1, 5], output: [1, 3, 4, 6],
                                     Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .relu6), bias: false))
        try expectGradients(try conv([1, 4, 4, 4], filter: [6, 3, 3, 2], output: [1, 4, 4, 6],
                                     Conv2DAttributes(strideH: 1, strideW: 1, padding: .same, activation: .none)))
    }

    @Test func depthwise() throws {
        try expectGradients(try conv([1, 5, 5, 3], filter: [1, 3, 3, 3], output: [1, 5, 5, 3],
                                     Conv2DAttributes(strideH: 1, strideW: 1, padding: .same, activation: .relu6),
                                     depthwise: true))
        try expectGradients(try conv([1, 6, 5, 2], filter: [1, 3, 2, 4], output: [1, 3, 3, 4],
                                     Conv2DAttributes(strideH: 2, strideW: 2, padding: .same, activation: .none,
                                                      depthMultiplier: 2), depthwise: true))
    }

    @Test func transposeConvolution() throws {
        for padding in [Padding.valid, .same] {
            var b = TrainGraphBuilder()
            let x = b.input([1, 3, 2, 3])
            let output = padding == .valid ? [1, 7, 5, 2] : [1, 6, 4, 2]
            let a = Conv2DAttributes(strideH: 2, strideW: 2, padding: padding, activation: .relu)
            b.output(b.op(.transposeConv2D(a), [x, b.constant([2, 3, 3, 3]), b.constant([2])], output))
            try expectGradients(b.graph)
        }
    }

    @Test func transposeSliceAndResize() throws {
        var b = TrainGraphBuilder()
        let x = b.input([1, 3, 4, 2])
        let moved = b.op(.transpose, [x, b.int32([4], [0, 2, 1, 3])], [1, 4, 3, 2])
        let cut = b.op(.slice, [moved, b.int32([4], [0, 1, 0, 0]), b.int32([4], [-1, 2, 3, 2])], [1, 2, 3, 2])
        let big = b.op(.resizeNearestNeighbor, [cut, b.int32([2], [4, 5])], [1, 4, 5, 2])
        b.output(b.op(.conv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none)),
                      [big, b.constant([2, 2, 2, 2]), b.constant([2])], [1, 3, 4, 2]))
        try expectGradients(b.graph)
    }

    @Test func layerNormalization() throws {
        var b = TrainGraphBuilder()
        let x = b.input([1, 3, 4])
        b.output(b.op(.layerNormalization(axes: [-1], epsilon: 1e-3), [x, b.constant([4]), b.constant([4])], [1, 3, 4]))
        try expectGradients(b.graph, batch: 2)
    }

    @Test func fullyConnected() throws {
        var b = TrainGraphBuilder()
        let x = b.input([1, 2, 6])
        b.output(b.op(.fullyConnected(activation: .reluN1To1, keepNumDims: true),
                      [x, b.constant([4, 6]), b.constant([4])], [1, 2, 4]))
        try expectGradients(b.graph)
    }

    @Test func pooling() throws {
        for (kind, activation) in [("avg", Activation.none), ("max", .none), ("avg", .relu), ("max", .relu6)] {
            var b = TrainGraphBuilder()
            let x = b.input([1, 5, 6, 2])
            let a = Pool2DAttributes(filterH: 3, filterW: 2, strideH: 2, strideW: 2, padding: .same, activation: activation)
            b.output(b.op(kind == "avg" ? .averagePool2D(a) : .maxPool2D(a), [x], [1, 3, 3, 2]))
            try expectGradients(b.graph)
        }
    }

    @Test func elementwiseBinary() throws {
        let kinds: [OperatorKind] = [.add(activation: .relu), .sub(activation: .none), .mul(activation: .none), .maximum, .minimum]
        for kind in kinds {
            var b = TrainGraphBuilder()
            let x = b.input([1, 3, 4])
            let z = b.input([1, 1, 4])
            let y = b.op(kind, [x, z], [1, 3, 4])
            // A constant operand broadcast over the batch, through a parameterized layer so it
            // also carries a gradient.
            let c = b.constant([4])
            b.output(b.op(kind, [y, c], [1, 3, 4]))
            try expectGradients(b.graph)
        }
    }

    @Test func preluAlphaIsTrained() throws {
        var b = TrainGraphBuilder()
        let x = b.input([1, 3, 4])
        b.output(b.op(.prelu, [x, b.constant([1, 1, 4])], [1, 3, 4]))
        let model = try TrainingGraph(graph: b.graph)
        #expect(model.parameters.count == 1)
        try expectGradients(b.graph)
    }

    @Test func activations() throws {
        let kinds: [OperatorKind] = [
            .logistic, .tanh, .relu, .relu6, .leakyRelu(alpha: 0.2), .hardSwish, .elu(alpha: 1),
            .gelu(approximate: false), .gelu(approximate: true), .softplus, .exp,
            .hardSigmoid(slope: 1.0 / 6, offset: 0.5),
            .clampedRelu(maxValue: 0.8, negativeSlope: 0.1, threshold: -0.3), .softmax(beta: 1), .softmax(beta: 0.5),
        ]
        for kind in kinds {
            var b = TrainGraphBuilder()
            let x = b.input([1, 6])
            // Scale the inputs over the interesting range of each function (hard-swish's
            // corners at ±3, relu6's at 6).
            let scaled = b.op(.fullyConnected(activation: .none, keepNumDims: false), [x, b.constant([5, 6], scale: 2), b.constant([5])], [1, 5])
            b.output(b.op(kind, [scaled], [1, 5]))
            let mismatches = try GradientCheck.mismatches(b.graph, batch: 3)
            #expect(mismatches.isEmpty, "\(kind.name): \(mismatches.prefix(3))")
        }
    }

    @Test func padMeanConcatenationReshape() throws {
        var b = TrainGraphBuilder()
        let x = b.input([1, 3, 4, 2])
        let padded = b.op(.pad, [x, b.int32([4, 2], [0, 0, 1, 0, 0, 2, 0, 0])], [1, 4, 6, 2])
        let z = b.input([1, 4, 6, 1])
        let joined = b.op(.concatenation(axis: -1, activation: .none), [padded, z, b.constant([1, 4, 6, 1])], [1, 4, 6, 4])
        let mean = b.op(.mean(keepDims: false), [joined, b.int32([2], [1, 2])], [1, 4])
        let flat = b.op(.reshape, [mean], [1, 2, 2])
        b.output(b.op(.fullyConnected(activation: .none, keepNumDims: false), [flat, b.constant([3, 2]), b.constant([3])], [2, 3]))
        try expectGradients(b.graph)
    }

    @Test func batchNormalizationInferenceAndTraining() throws {
        for training in [false, true] {
            var b = TrainGraphBuilder()
            let x = b.input([1, 3, 2, 3])
            let variance = b.constant([3], values: [0.5, 1.5, 2])
            b.output(b.op(.batchNormalization(epsilon: 1e-3),
                          [x, b.constant([3]), b.constant([3]), b.constant([3]), variance], [1, 3, 2, 3]))
            try expectGradients(b.graph, training: training, batch: 3)
        }
    }

    @Test func batchNormalizationMovesItsStatistics() throws {
        var b = TrainGraphBuilder()
        let x = b.input([1, 2])
        let mean = b.constant([2], values: [0, 1])
        let variance = b.constant([2], values: [1, 4])
        b.output(b.op(.batchNormalization(epsilon: 1e-3), [x, -1, -1, mean, variance], [1, 2]))
        let model = try TrainingGraph(graph: b.graph, batchNormMomentum: 0.9)
        #expect(model.stateTensors == [mean, variance])
        let pass = try model.forward([[1, 10, 3, 20]], constants: model.constants, batch: 2, training: true)
        // Batch means 2 and 15, biased variances 1 and 25.
        let moved = Dictionary(uniqueKeysWithValues: pass.statistics.map { ($0.tensor, $0.values) })
        #expect(abs(moved[mean]![0] - 0.2) < 1e-6 && abs(moved[mean]![1] - (0.9 + 1.5)) < 1e-5)
        #expect(abs(moved[variance]![0] - 1) < 1e-6 && abs(moved[variance]![1] - (3.6 + 2.5)) < 1e-5)
    }
}
