import KingletFormat

/// QUANTIZE with int16 on either side, as TFLite Micro's quantize kernel. Twin of
/// kgl_quantize_s16.
/// - float32 → int16: q = clamp(round(x / scale) + outputZeroPoint) to int16, the division in
///   Float, rounding half away from zero (reference_ops::AffineQuantize), after the input
///   tensor's normalization when it has one.
/// - int8 → int16, int16 → int8, int16 → int16: q = clamp(MBQM(x − inputOffset, multiplier,
///   shift) + outputZeroPoint) to the output type (reference_ops::Requantize).
enum QuantizeS16: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = model.tensors[op.inputs[0]]
        let output = model.tensors[op.outputs[0]]
        try op.require([.float32, .int8, .int16].contains(input.type) && [.int8, .int16].contains(output.type)
                           && (input.type == .int16 || output.type == .int16),
                       "input \(input.label) is \(input.type) and output \(output.label) is \(output.type); the 16x8 QUANTIZE reads float32, int8 or int16 and writes int8 or int16, one of them int16")
        try op.require(input.shape == output.shape, "input shape \(input.shape) and output shape \(output.shape) differ")
        let outputZeroPoint = op.option(QuantizeOptions.outputZeroPoint)
        try op.require(range(output.type).contains(outputZeroPoint),
                       "output zero point \(outputZeroPoint) is not an \(output.type) value")
        if input.type == .float32 {
            let bits = op.option(QuantizeOptions.scaleBits)
            try op.require(bits > 0 && bits < 0x7F80_0000,
                           "scale \(Float(bitPattern: UInt32(bitPattern: bits))) is not a positive finite number")
            return
        }
        let inputOffset = op.option(QuantizeOptions.inputOffset)
        let multiplier = op.option(QuantizeOptions.multiplier)
        let shift = op.option(QuantizeOptions.shift)
        try op.require(range(input.type).contains(inputOffset), "input offset \(inputOffset) is not an \(input.type) value")
        try op.require(multiplier >= 0, "multiplier \(multiplier) is negative")
        try op.require((-31...30).contains(shift), "shift \(shift) is outside [-31, 30]")
    }

    /// The values of an int8 or int16 element type.
    static func range(_ type: KglElementType) -> ClosedRange<Int32> {
        type == .int8 ? Int32(Int8.min)...Int32(Int8.max) : Int32(Int16.min)...Int32(Int16.max)
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let input = memory.tensor(op.inputs[0])
        let output = memory.tensor(op.outputs[0])
        let zeroPoint = op.option(QuantizeOptions.outputZeroPoint)
        let bounds = range(output.type)
        let q: [Int32]
        if input.type == .float32 {
            let scale = Float(bitPattern: UInt32(bitPattern: op.option(QuantizeOptions.scaleBits)))
            let x = input.normalization?.apply(memory.float32(op.inputs[0])) ?? memory.float32(op.inputs[0])
            q = x.map { QuantizeS8.quantize($0, scale: scale, zeroPoint: zeroPoint, bounds: bounds) }
        } else {
            let inputOffset = op.option(QuantizeOptions.inputOffset)
            let multiplier = op.option(QuantizeOptions.multiplier)
            let shift = op.option(QuantizeOptions.shift)
            let x = input.type == .int16 ? memory.int16(op.inputs[0]).map(Int32.init) : memory.int8(op.inputs[0]).map(Int32.init)
            q = x.map { v in
                // |v − inputOffset| ≤ 65535 and |MBQM| < 2^31, so the Int64 sum is exact.
                let r = Int64(multiplyByQuantizedMultiplier(v - inputOffset, multiplier, shift)) + Int64(zeroPoint)
                return Int32(min(max(r, Int64(bounds.lowerBound)), Int64(bounds.upperBound)))
            }
        }
        if output.type == .int16 {
            memory.write(int16: q.map { Int16($0) }, to: op.outputs[0])
        } else {
            memory.write(int8: q.map { Int8($0) }, to: op.outputs[0])
        }
    }
}
