import KingletFormat

/// LEAKY_RELU, int8, as TFLite Micro's QuantizeLeakyRelu: d = x − inputOffset; d ≥ 0 is
/// rescaled by the identity multiplier (input scale / output scale), d < 0 by the alpha
/// multiplier (alpha · input scale / output scale; when negative, by its magnitude and then
/// negated); plus outputOffset, clamped to int8. Twin of kgl_leaky_relu_s8.
enum LeakyReluS8: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = try op.input(0, in: model, type: .int8)
        let output = try op.output(0, in: model, type: .int8)
        try op.require(input.shape == output.shape, "input shape \(input.shape) and output shape \(output.shape) differ")
        let inputOffset = op.option(LeakyReluOptions.inputOffset)
        let outputOffset = op.option(LeakyReluOptions.outputOffset)
        try op.require((-128...127).contains(inputOffset), "input offset \(inputOffset) is not an int8 value")
        try op.require((-128...127).contains(outputOffset), "output offset \(outputOffset) is not an int8 value")
        let identityMultiplier = op.option(LeakyReluOptions.identityMultiplier)
        try op.require(identityMultiplier >= 0, "identity multiplier \(identityMultiplier) is negative")
        try op.require(op.option(LeakyReluOptions.alphaMultiplier) != Int32.min,
                       "alpha multiplier is −2^31, whose magnitude is not an int32")
        for (name, shift) in [("identity", op.option(LeakyReluOptions.identityShift)),
                              ("alpha", op.option(LeakyReluOptions.alphaShift))] {
            try op.require((-31...30).contains(shift), "\(name) shift \(shift) is outside [-31, 30]")
        }
    }

    static func value(_ x: Int32, _ op: KglOperator) -> Int8 {
        let d = x - op.option(LeakyReluOptions.inputOffset)
        var value = Int64(op.option(LeakyReluOptions.outputOffset))
        if d >= 0 {
            value += Int64(multiplyByQuantizedMultiplier(
                d, op.option(LeakyReluOptions.identityMultiplier), op.option(LeakyReluOptions.identityShift)))
        } else {
            let alpha = op.option(LeakyReluOptions.alphaMultiplier)
            // check() refuses −2^31, so the magnitude is an Int32.
            let magnitude = alpha < 0 ? -alpha : alpha
            let scaled = Int64(multiplyByQuantizedMultiplier(d, magnitude, op.option(LeakyReluOptions.alphaShift)))
            value += alpha < 0 ? -scaled : scaled
        }
        return Int8(clamping: value)
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let table = Int8Table { value($0, op) }
        memory.write(int8: table.apply(memory.int8(op.inputs[0])), to: op.outputs[0])
    }
}
