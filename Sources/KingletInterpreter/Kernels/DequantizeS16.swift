import KingletFormat

/// DEQUANTIZE, int16 to float32: y = scale · (x − inputZeroPoint), as TFLite Micro's
/// reference_ops::Dequantize. TFLite multiplies in Double and rounds to Float once; the exact
/// product of a Float and an integer below 2^17 fits a Double exactly, so one Float multiply
/// gives the same value. Twin of kgl_dequantize_s16.
enum DequantizeS16: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = try op.input(0, in: model, type: .int16)
        let output = try op.output(0, in: model, type: .float32)
        try op.require(input.shape == output.shape, "input shape \(input.shape) and output shape \(output.shape) differ")
        let zeroPoint = op.option(DequantizeOptions.inputZeroPoint)
        try op.require(QuantizeS16.range(.int16).contains(zeroPoint), "input zero point \(zeroPoint) is not an int16 value")
        let bits = op.option(DequantizeOptions.scaleBits)
        try op.require(bits > 0 && bits < 0x7F80_0000,
                       "scale \(Float(bitPattern: UInt32(bitPattern: bits))) is not a positive finite number")
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let zeroPoint = op.option(DequantizeOptions.inputZeroPoint)
        let scale = Float(bitPattern: UInt32(bitPattern: op.option(DequantizeOptions.scaleBits)))
        let x = memory.int16(op.inputs[0])
        memory.write(float32: x.map { scale * Float(Int32($0) - zeroPoint) }, to: op.outputs[0])
    }
}
