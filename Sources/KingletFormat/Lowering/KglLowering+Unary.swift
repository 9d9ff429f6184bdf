import KingletIR

/// What the one-input, one-output elementwise lowerings share (SOFTMAX, LOGISTIC, TANH,
/// RELU, RELU6, LEAKY_RELU, HARD_SWISH, QUANTIZE, DEQUANTIZE).
extension KglLowering {
    /// The input and output tensor indices of `context`, after checking their element types
    /// and that the output has the input's shape (the inferred shape of these operators).
    func unaryOperands(_ context: OperatorContext, input inputTypes: [TensorType] = [.int8],
                       output outputType: TensorType = .int8) throws(FormatError) -> (input: Int, output: Int) {
        try unaryOperands(context, input: inputTypes, output: [outputType])
    }

    /// As above, with a choice of output types.
    func unaryOperands(_ context: OperatorContext, input inputTypes: [TensorType],
                       output outputTypes: [TensorType]) throws(FormatError) -> (input: Int, output: Int) {
        let input = try context.input(0)
        let output = try context.output(0)
        let inTensor = tensor(input)
        let outTensor = tensor(output)
        guard inputTypes.contains(inTensor.type) else {
            let expected = inputTypes.map(\.rawValue).joined(separator: " or ")
            throw context.error("input '\(inTensor.name)' is \(inTensor.type.rawValue); expected \(expected)")
        }
        guard outputTypes.contains(outTensor.type) else {
            let expected = outputTypes.map(\.rawValue).joined(separator: " or ")
            throw context.error("output '\(outTensor.name)' is \(outTensor.type.rawValue); expected \(expected)")
        }
        guard inTensor.shape == outTensor.shape else {
            throw context.error("output '\(outTensor.name)' has shape \(outTensor.shape), but the input's shape \(inTensor.shape) is what this operator produces")
        }
        return (input, output)
    }

    /// The single scale and zero point of an int8 tensor: one scale, positive and finite, and
    /// a zero point in [−128, 127].
    func int8Quantization(_ index: Int, _ context: OperatorContext) throws(FormatError) -> (scale: Float, zeroPoint: Int32) {
        let q = try quantization(index, context)
        let name = tensor(index).name
        guard q.scales.count == 1 else {
            throw context.error("tensor '\(name)' is quantized per channel (\(q.scales.count) scales); this operator needs one scale")
        }
        guard q.scale > 0, q.scale.isFinite else {
            throw context.error("tensor '\(name)' has scale \(q.scale); a scale must be positive and finite")
        }
        guard (-128...127).contains(q.zeroPoint) else {
            throw context.error("tensor '\(name)' has zero point \(q.zeroPoint), outside the int8 range")
        }
        return (q.scale, Int32(q.zeroPoint))
    }

    /// A multiplier for kgl_multiply_by_quantized_multiplier, whose shift must be at most 30.
    func requantizeMultiplier(_ real: Double, _ what: String, _ context: OperatorContext) throws(FormatError) -> QuantizedMultiplier {
        let m = QuantizedMultiplier(real)
        guard m.shift <= 30 else {
            throw context.error("\(what) \(real) is too large (2^\(m.shift - 1) or more; at most 2^30 is supported)")
        }
        return m
    }
}
