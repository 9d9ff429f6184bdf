import KingletFormat

/// SOFTMAX over the last axis, int8 in, int8 out (scale 1/256, zero point −128), as TFLite
/// Micro's reference_ops::Softmax. Twin of kgl_softmax_s8.
///
/// Per row: d = x − max(row); entries with d < diffMin output −128 and add nothing. The others
/// are rescaled to Q5.26 (d · 2^inputLeftShift, then the Q31 inputMultiplier: beta · input
/// scale), exponentiated (gemmlowp exp_on_negative_values), summed in Q12.19, inverted
/// (GetReciprocal), and each exp times the reciprocal is shifted to 1/256 steps, minus 128.
enum SoftmaxS8: Kernel {
    static let diffIntegerBits = 5
    static let sumIntegerBits = 12

    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = try op.input(0, in: model, type: .int8)
        let output = try op.output(0, in: model, type: .int8)
        try op.require(input.shape.count >= 1, "input \(input.label) has rank 0; SOFTMAX needs an axis")
        try op.require(input.shape == output.shape, "input shape \(input.shape) and output shape \(output.shape) differ")
        let multiplier = op.option(SoftmaxOptions.inputMultiplier)
        let shift = op.option(SoftmaxOptions.inputLeftShift)
        try op.require(multiplier >= 1 << 30, "input multiplier \(multiplier) is not a normalised Q31 (≥ 2^30)")
        try op.require((1...31).contains(shift), "input left shift \(shift) is outside [1, 31]")
        let radius = Int32((UInt32(31) << 26) >> UInt32(shift))
        let diffMin = op.option(SoftmaxOptions.diffMin)
        try op.require(diffMin == -radius, "diff_min \(diffMin) is not −\(radius), the radius of left shift \(shift)")
    }

    /// exp(d · beta · scale) as a Q0 for a difference d in [diffMin, 0].
    static func exp(_ diff: Int32, multiplier: Int32, leftShift: Int32) -> Int32 {
        let shifted = Int32(bitPattern: UInt32(bitPattern: diff) << UInt32(leftShift))
        let scaled = saturatingRoundingDoublingHighMul(shifted, multiplier)
        return FixedPoint.expOnNegativeValues(scaled, integerBits: diffIntegerBits)
    }

    /// TFLite Micro stops (TFLITE_CHECK) when a row's sum of exponentials reaches 512, where
    /// the final shift would exceed 31; every probability is then below 1/512 and rounds to
    /// 0, so the row is −128 throughout. The sum saturates instead of wrapping.
    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let input = memory.tensor(op.inputs[0])
        let x = memory.int8(op.inputs[0])
        let multiplier = op.option(SoftmaxOptions.inputMultiplier)
        let leftShift = op.option(SoftmaxOptions.inputLeftShift)
        let diffMin = op.option(SoftmaxOptions.diffMin)
        let depth = input.shape[input.shape.count - 1]
        // A difference of two int8 values is in [−255, 0]: exp of each, computed once.
        let exps: [Int32] = (0...255).map { k in
            let diff = Int32(-k)
            return diff >= diffMin ? exp(diff, multiplier: multiplier, leftShift: leftShift) : 0
        }
        var y = [Int8](repeating: Int8.min, count: x.count)
        for start in stride(from: 0, to: x.count, by: depth) {
            let row = start..<(start + depth)
            let maxInRow = Int32(x[row].max() ?? Int8.min)
            var sum: Int64 = 0
            for c in row {
                let diff = Int32(x[c]) - maxInRow
                if diff >= diffMin {
                    sum += Int64(FixedPoint.rescale(exps[Int(-diff)], from: 0, to: sumIntegerBits))
                }
            }
            let (reciprocal, bitsOverUnit) = FixedPoint.reciprocal(
                Int32(clamping: sum), integerDigits: sumIntegerBits)
            let exponent = bitsOverUnit + 31 - 8
            guard exponent <= 31 else { continue }
            for c in row {
                let diff = Int32(x[c]) - maxInRow
                if diff >= diffMin {
                    let unsaturated = roundingDivideByPOT(
                        saturatingRoundingDoublingHighMul(reciprocal, exps[Int(-diff)]), Int32(exponent))
                    y[c] = (unsaturated + Int32(Int8.min)).clampedToInt8
                }
            }
        }
        memory.write(int8: y, to: op.outputs[0])
    }
}
