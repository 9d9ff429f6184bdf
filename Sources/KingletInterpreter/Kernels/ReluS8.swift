import KingletFormat

/// RELU, int8: requantize from the input's scale to the output's, then clamp to
/// [activationMin, activationMax] (activationMin is the output zero point), as TFLite Micro's
/// ReluQuantized. Twin of kgl_relu_s8.
enum ReluS8: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = try op.input(0, in: model, type: .int8)
        let output = try op.output(0, in: model, type: .int8)
        try op.require(input.shape == output.shape, "input shape \(input.shape) and output shape \(output.shape) differ")
        let inputOffset = op.option(ReluOptions.inputOffset)
        let outputOffset = op.option(ReluOptions.outputOffset)
        let multiplier = op.option(ReluOptions.outputMultiplier)
        let shift = op.option(ReluOptions.outputShift)
        try op.require((-128...127).contains(inputOffset), "input offset \(inputOffset) is not an int8 value")
        try op.require((-128...127).contains(outputOffset), "output offset \(outputOffset) is not an int8 value")
        try op.require(multiplier >= 0, "output multiplier \(multiplier) is negative")
        try op.require((-31...30).contains(shift), "output shift \(shift) is outside [-31, 30]")
        try Relu6S8.checkClamp(op)
    }

    static func value(_ x: Int32, _ op: KglOperator) -> Int8 {
        let scaled = multiplyByQuantizedMultiplier(
            x - op.option(ReluOptions.inputOffset), op.option(ReluOptions.outputMultiplier),
            op.option(ReluOptions.outputShift))
        let value = Int64(op.option(ReluOptions.outputOffset)) + Int64(scaled)
        return Int8(min(max(value, Int64(op.option(ReluOptions.activationMin))),
                        Int64(op.option(ReluOptions.activationMax))))
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let table = Int8Table { value($0, op) }
        memory.write(int8: table.apply(memory.int8(op.inputs[0])), to: op.outputs[0])
    }
}
