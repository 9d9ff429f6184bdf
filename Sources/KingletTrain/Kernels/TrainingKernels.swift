import KingletIR

/// The training kernel of each operator kind, prepared (and so checked) for one operator,
/// and which of its operands training may change.
enum TrainingKernels {
    static func prepare(_ check: TrainingOperatorCheck, batchNormMomentum: Float) throws(TrainingError) -> any TrainingKernel {
        switch check.op.kind {
        case .conv2D(let a): return try Conv2DTrain(check, a)
        case .depthwiseConv2D(let a): return try DepthwiseConv2DTrain(check, a)
        case .fullyConnected(let activation, let keepNumDims):
            return try FullyConnectedTrain(check, activation: activation, keepNumDims: keepNumDims)
        case .averagePool2D(let a): return try Pool2DTrain(check, a, .average)
        case .maxPool2D(let a): return try Pool2DTrain(check, a, .maximum)
        case .add(let activation): return try ElementwiseBinaryTrain(check, .add, activation: activation)
        case .sub(let activation): return try ElementwiseBinaryTrain(check, .sub, activation: activation)
        case .mul(let activation): return try ElementwiseBinaryTrain(check, .mul, activation: activation)
        case .maximum: return try ElementwiseBinaryTrain(check, .maximum)
        case .minimum: return try ElementwiseBinaryTrain(check, .minimum)
        case .prelu: return try ElementwiseBinaryTrain(check, .prelu)
        case .reshape, .squeeze, .identity: return try ReshapeTrain(check)
        case .softmax(let beta): return try SoftmaxTrain(check, beta: beta)
        case .logistic: return try ElementwiseUnaryTrain(check, .logistic)
        case .tanh: return try ElementwiseUnaryTrain(check, .tanh)
        case .relu: return try ElementwiseUnaryTrain(check, .relu)
        case .relu6: return try ElementwiseUnaryTrain(check, .relu6)
        case .leakyRelu(let alpha): return try ElementwiseUnaryTrain(check, .leakyRelu(alpha: alpha))
        case .hardSwish: return try ElementwiseUnaryTrain(check, .hardSwish)
        case .elu(let alpha): return try ElementwiseUnaryTrain(check, .elu(alpha: alpha))
        case .gelu(let approximate): return try ElementwiseUnaryTrain(check, .gelu(approximate: approximate))
        case .softplus: return try ElementwiseUnaryTrain(check, .softplus)
        case .exp: return try ElementwiseUnaryTrain(check, .exp)
        case .hardSigmoid(let slope, let offset):
            return try ElementwiseUnaryTrain(check, .hardSigmoid(slope: slope, offset: offset))
        case .clampedRelu(let maxValue, let negativeSlope, let threshold):
            return try ElementwiseUnaryTrain(check, .clampedRelu(maxValue: maxValue, negativeSlope: negativeSlope,
                                                                 threshold: threshold))
        case .pad: return try PadTrain(check)
        case .mean: return try AxisReductionTrain(check, .mean)
        case .reduceMax: return try AxisReductionTrain(check, .maximum)
        case .concatenation(let axis, let activation):
            return try ConcatenationTrain(check, axis: axis, activation: activation)
        case .batchNormalization(let epsilon):
            return try BatchNormalizationTrain(check, epsilon: epsilon, momentum: batchNormMomentum)
        case .transposeConv2D(let a): return try TransposeConv2DTrain(check, a)
        case .layerNormalization(let axes, let epsilon):
            return try LayerNormalizationTrain(check, axes: axes, epsilon: epsilon)
        case .transpose: return try GatherTrain.transpose(check)
        case .slice: return try GatherTrain.slice(check)
        case .resizeNearestNeighbor: return try GatherTrain.resizeNearest(check)
        case .separableConv2D:
            throw check.failure("has no gradient yet; training differentiates SEPARABLE_CONV_2D only as its two halves (split it first: kinglet train and compile do), and CONV_2D, DEPTHWISE_CONV_2D, TRANSPOSE_CONV, FULLY_CONNECTED, pooling, MEAN, REDUCE_MAX, PAD, CONCATENATION, BATCH_NORMALIZATION, LAYER_NORMALIZATION, elementwise and activation operators")
        case .quantize, .dequantize:
            throw check.failure("is not a float operator; training runs float32 graphs")
        case .shape, .stridedSlice, .pack:
            throw check.failure("is shape arithmetic, which canonicalization must fold before training")
        }
    }

    /// The operands training changes: weights and biases, BatchNormalization's γ and β,
    /// PReLU's α (when they are float constants).
    static func trainableOperands(of kind: OperatorKind) -> [Int] {
        switch kind {
        case .conv2D, .depthwiseConv2D, .fullyConnected, .transposeConv2D: [1, 2]
        case .separableConv2D: [1, 2, 3]
        case .batchNormalization, .layerNormalization: [1, 2]
        case .prelu: [1]
        default: []
        }
    }

    /// The operands a training-mode step moves without gradients (moving statistics).
    static func stateOperands(of kind: OperatorKind) -> [Int] {
        if case .batchNormalization = kind { return [3, 4] }
        return []
    }
}
