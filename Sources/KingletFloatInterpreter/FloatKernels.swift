import KingletIR

/// The float32 kernel of each operator kind, prepared (and so checked) for one operator.
enum FloatKernels {
    static func prepare(_ check: FloatOperatorCheck) throws(FloatInterpreterError) -> any FloatKernel {
        switch check.op.kind {
        case .conv2D(let a): try Conv2DF32(check, a)
        case .depthwiseConv2D(let a): try DepthwiseConv2DF32(check, a)
        case .separableConv2D(let a): try SeparableConv2DF32(check, a)
        case .transposeConv2D(let a): try TransposeConv2DF32(check, a)
        case .fullyConnected(let activation, let keepNumDims):
            try FullyConnectedF32(check, activation: activation, keepNumDims: keepNumDims)
        case .averagePool2D(let a): try AveragePool2DF32(check, a)
        case .maxPool2D(let a): try MaxPool2DF32(check, a)
        case .add(let activation): try ElementwiseBinaryF32(check, .add, activation: activation)
        case .sub(let activation): try ElementwiseBinaryF32(check, .sub, activation: activation)
        case .mul(let activation): try ElementwiseBinaryF32(check, .mul, activation: activation)
        case .maximum: try ElementwiseBinaryF32(check, .maximum)
        case .minimum: try ElementwiseBinaryF32(check, .minimum)
        case .prelu: try ElementwiseBinaryF32(check, .prelu)
        case .reshape, .squeeze, .identity: try ReshapeF32(check)
        case .softmax(let beta): try SoftmaxF32(check, beta: beta)
        case .logistic: try ElementwiseUnaryF32(check, .logistic)
        case .tanh: try ElementwiseUnaryF32(check, .tanh)
        case .relu: try ElementwiseUnaryF32(check, .relu)
        case .relu6: try ElementwiseUnaryF32(check, .relu6)
        case .leakyRelu(let alpha): try ElementwiseUnaryF32(check, .leakyRelu(alpha: alpha))
        case .hardSwish: try ElementwiseUnaryF32(check, .hardSwish)
        case .elu(let alpha): try ElementwiseUnaryF32(check, .elu(alpha: alpha))
        case .gelu(let approximate): try ElementwiseUnaryF32(check, .gelu(approximate: approximate))
        case .softplus: try ElementwiseUnaryF32(check, .softplus)
        case .exp: try ElementwiseUnaryF32(check, .exp)
        case .hardSigmoid(let slope, let offset):
            try ElementwiseUnaryF32(check, .hardSigmoid(slope: slope, offset: offset))
        case .clampedRelu(let maxValue, let negativeSlope, let threshold):
            try ElementwiseUnaryF32(check, .clampedRelu(maxValue: maxValue, negativeSlope: negativeSlope,
                                                        threshold: threshold))
        case .pad: try PadF32(check)
        case .mean(let keepDims): try MeanF32(check, keepDims: keepDims)
        case .reduceMax(let keepDims): try ReduceMaxF32(check, keepDims: keepDims)
        case .concatenation(let axis, let activation):
            try ConcatenationF32(check, axis: axis, activation: activation)
        case .batchNormalization(let epsilon): try BatchNormalizationF32(check, epsilon: epsilon)
        case .layerNormalization(let axes, let epsilon):
            try LayerNormalizationF32(check, axes: axes, epsilon: epsilon)
        case .transpose: try TransposeF32(check)
        case .slice: try SliceF32(check)
        case .resizeNearestNeighbor: try ResizeNearestNeighborF32(check)
        case .quantize, .dequantize:
            throw check.failure("\(check.op.kind.name) is not a float operator; the float interpreter runs float32 graphs only")
        case .shape, .stridedSlice, .pack:
            throw check.failure("\(check.op.kind.name) is shape arithmetic, which must be folded first")
        }
    }
}
