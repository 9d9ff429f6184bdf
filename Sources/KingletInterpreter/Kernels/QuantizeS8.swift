import KingletFormat

/// QUANTIZE to int8, as TFLite Micro's quantize kernel. Twin of kgl_quantize_s8.
/// - From float32: q = clamp(round(x / scale) + outputZeroPoint), the division in Float and
///   rounding half away from zero (reference_ops::AffineQuantize); x first goes through the
///   input tensor's normalization when it has one (format 1.3).
/// - From int8: q = clamp(MBQM(x − inputOffset, multiplier, shift) + outputZeroPoint), the
///   multiplier being input scale / output scale (reference_ops::Requantize).
/// QUANTIZE to or from int16 is QuantizeS16.
enum QuantizeS8: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = model.tensors[op.inputs[0]]
        let output = try op.output(0, in: model, type: .int8)
        try op.require(input.shape == output.shape, "input shape \(input.shape) and output shape \(output.shape) differ")
        let outputZeroPoint = op.option(QuantizeOptions.outputZeroPoint)
        try op.require((-128...127).contains(outputZeroPoint), "output zero point \(outputZeroPoint) is not an int8 value")
        switch input.type {
        case .float32:
            let bits = op.option(QuantizeOptions.scaleBits)
            try op.require(bits > 0 && bits < 0x7F80_0000,
                           "scale \(Float(bitPattern: UInt32(bitPattern: bits))) is not a positive finite number")
        case .int8:
            let inputOffset = op.option(QuantizeOptions.inputOffset)
            let multiplier = op.option(QuantizeOptions.multiplier)
            let shift = op.option(QuantizeOptions.shift)
            try op.require((-128...127).contains(inputOffset), "input offset \(inputOffset) is not an int8 value")
            try op.require(multiplier >= 0, "multiplier \(multiplier) is negative")
            try op.require((-31...30).contains(shift), "shift \(shift) is outside [-31, 30]")
        default:
            throw op.failure("input \(input.label) is \(input.type); QUANTIZE reads float32 or int8")
        }
    }

    /// round(x / scale) + zeroPoint clamped to int8. Beyond ±2^30 the quotient saturates (the
    /// result clamps anyway) and NaN gives the zero point, where TFLite's conversion is
    /// undefined. The one definition in Swift (C: kgl_affine_quantize.h).
    static func quantize(_ x: Float, scale: Float, zeroPoint: Int32) -> Int8 {
        Int8(quantize(x, scale: scale, zeroPoint: zeroPoint, bounds: Int32(Int8.min)...Int32(Int8.max)))
    }

    /// round(x / scale) + zeroPoint clamped to `bounds` (int8 or int16), as above.
    static func quantize(_ x: Float, scale: Float, zeroPoint: Int32, bounds: ClosedRange<Int32>) -> Int32 {
        var v = x / scale
        if v.isNaN {
            v = 0
        } else {
            v = min(max(v, -1_073_741_824), 1_073_741_824)
        }
        let q = Int64(Int32(v.rounded(.toNearestOrAwayFromZero))) + Int64(zeroPoint)
        return Int32(min(max(q, Int64(bounds.lowerBound)), Int64(bounds.upperBound)))
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let zeroPoint = op.option(QuantizeOptions.outputZeroPoint)
        if memory.tensor(op.inputs[0]).type == .float32 {
            let scale = Float(bitPattern: UInt32(bitPattern: op.option(QuantizeOptions.scaleBits)))
            let input = memory.tensor(op.inputs[0])
            let x = input.normalization?.apply(memory.float32(op.inputs[0])) ?? memory.float32(op.inputs[0])
            memory.write(int8: x.map { quantize($0, scale: scale, zeroPoint: zeroPoint) }, to: op.outputs[0])
            return
        }
        let inputOffset = op.option(QuantizeOptions.inputOffset)
        let multiplier = op.option(QuantizeOptions.multiplier)
        let shift = op.option(QuantizeOptions.shift)
        let table = Int8Table { x in
            (Int64(multiplyByQuantizedMultiplier(x - inputOffset, multiplier, shift)) + Int64(zeroPoint)).clampedToInt8
        }
        memory.write(int8: table.apply(memory.int8(op.inputs[0])), to: op.outputs[0])
    }
}

extension Int64 {
    fileprivate var clampedToInt8: Int8 { Int8(clamping: self) }
}
