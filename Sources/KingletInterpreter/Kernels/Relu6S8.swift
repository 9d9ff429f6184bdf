import KingletFormat

/// RELU6, int8: clamp to [activationMin, activationMax] = [quantized 0, quantized 6] of the
/// input's quantization, with no rescaling, as TFLite Micro's Relu6Quantized (the converter
/// gives RELU6's output the input's quantization). Uses only those two RELU option slots.
/// Twin of kgl_relu6_s8.
enum Relu6S8: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = try op.input(0, in: model, type: .int8)
        let output = try op.output(0, in: model, type: .int8)
        try op.require(input.shape == output.shape, "input shape \(input.shape) and output shape \(output.shape) differ")
        try checkClamp(op)
    }

    /// −128 ≤ activationMin ≤ activationMax ≤ 127 (RELU and RELU6).
    static func checkClamp(_ op: KglOperator) throws(FormatError) {
        let low = op.option(ReluOptions.activationMin)
        let high = op.option(ReluOptions.activationMax)
        try op.require(-128 <= low && low <= high && high <= 127,
                       "activation range [\(low), \(high)] is not an int8 range")
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let low = Int8(op.option(ReluOptions.activationMin))
        let high = Int8(op.option(ReluOptions.activationMax))
        let x = memory.int8(op.inputs[0])
        memory.write(int8: x.map { $0 > high ? high : $0 < low ? low : $0 }, to: op.outputs[0])
    }
}
