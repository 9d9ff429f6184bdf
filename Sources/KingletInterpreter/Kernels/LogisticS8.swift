import KingletFormat

/// LOGISTIC, int8 in, int8 out (scale 1/256, zero point −128), as TFLite Micro's
/// reference_integer_ops::Logistic. Twin of kgl_logistic_s8.
///
/// d = x − inputZeroPoint; |d| ≥ inputRangeRadius saturates to −128 / 127; otherwise d is
/// rescaled to Q4.27 (inputMultiplier, inputLeftShift: the input scale · 2^27), gemmlowp's
/// logistic gives a Q0 in [0, 1], and a rounding shift by 23 gives 1/256 steps.
enum LogisticS8: Kernel {
    static let inputIntegerBits = 4

    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        try checkLogisticOptions(op, in: model)
    }

    /// The checks LOGISTIC and TANH share (they share their options).
    static func checkLogisticOptions(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = try op.input(0, in: model, type: .int8)
        let output = try op.output(0, in: model, type: .int8)
        try op.require(input.shape == output.shape, "input shape \(input.shape) and output shape \(output.shape) differ")
        let zeroPoint = op.option(LogisticOptions.inputZeroPoint)
        let radius = op.option(LogisticOptions.inputRangeRadius)
        let multiplier = op.option(LogisticOptions.inputMultiplier)
        let shift = op.option(LogisticOptions.inputLeftShift)
        try op.require((-128...127).contains(zeroPoint), "input zero point \(zeroPoint) is not an int8 value")
        try op.require(radius >= 0, "input range radius \(radius) is negative")
        try op.require(multiplier >= 0, "input multiplier \(multiplier) is negative")
        try op.require((0...30).contains(shift), "input left shift \(shift) is outside [0, 30]")
    }

    static func value(_ x: Int32, _ op: KglOperator) -> Int8 {
        let d = x - op.option(LogisticOptions.inputZeroPoint)
        let radius = op.option(LogisticOptions.inputRangeRadius)
        if d <= -radius { return Int8.min }
        if d >= radius { return Int8.max }
        let q4 = multiplyByQuantizedMultiplier(
            d, op.option(LogisticOptions.inputMultiplier), op.option(LogisticOptions.inputLeftShift))
        let q0 = FixedPoint.logistic(q4, integerBits: inputIntegerBits)
        return (roundingDivideByPOT(q0, 31 - 8) + Int32(Int8.min)).clampedToInt8
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let table = Int8Table { value($0, op) }
        memory.write(int8: table.apply(memory.int8(op.inputs[0])), to: op.outputs[0])
    }
}
