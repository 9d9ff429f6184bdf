import KingletFormat

/// TANH, int8 in, int8 out (scale 1/128, zero point 0), as TFLite Micro's
/// reference_integer_ops::Tanh. Twin of kgl_tanh_s8. Options: LOGISTIC's.
///
/// d = x − inputZeroPoint; |d| ≥ inputRangeRadius saturates to −128 / 127; otherwise d is
/// rescaled to Q4.27, gemmlowp's tanh gives a Q0 in [−1, 1], and a rounding shift by 24
/// gives 1/128 steps.
enum TanhS8: Kernel {
    static let inputIntegerBits = 4

    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        try LogisticS8.checkLogisticOptions(op, in: model)
    }

    static func value(_ x: Int32, _ op: KglOperator) -> Int8 {
        let d = x - op.option(LogisticOptions.inputZeroPoint)
        let radius = op.option(LogisticOptions.inputRangeRadius)
        if d <= -radius { return Int8.min }
        if d >= radius { return Int8.max }
        let q4 = multiplyByQuantizedMultiplier(
            d, op.option(LogisticOptions.inputMultiplier), op.option(LogisticOptions.inputLeftShift))
        let q0 = FixedPoint.tanh(q4, integerBits: inputIntegerBits)
        return roundingDivideByPOT(q0, 31 - 7).clampedToInt8
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let table = Int8Table { value($0, op) }
        memory.write(int8: table.apply(memory.int8(op.inputs[0])), to: op.outputs[0])
    }
}
