import KingletFormat

/// HARD_SWISH, int8: x · relu6(x + 3) / 6 in TFLite's 16-bit fixed point
/// (reference_ops::HardSwish, which TFLite Micro runs). Twin of kgl_hard_swish_s8.
///
/// d = x − inputZeroPoint on a high-resolution scale (d · 128); one product takes it to the
/// output scale before the final shift; another rescales it so that 3.0 maps to 32768
/// ("reluish", saturating), which is mapped from [−1, 1] to [0, 1] and multiplies the first
/// (truncating high multiply); a rounding shift by −outputExponent and the output zero point
/// finish.
enum HardSwishS8: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = try op.input(0, in: model, type: .int8)
        let output = try op.output(0, in: model, type: .int8)
        try op.require(input.shape == output.shape, "input shape \(input.shape) and output shape \(output.shape) differ")
        for (name, zeroPoint) in [("input", op.option(HardSwishOptions.inputZeroPoint)),
                                  ("output", op.option(HardSwishOptions.outputZeroPoint))] {
            try op.require((-128...127).contains(zeroPoint), "\(name) zero point \(zeroPoint) is not an int8 value")
        }
        for (name, multiplier) in [("reluish", op.option(HardSwishOptions.reluishMultiplierFixedpointInt16)),
                                   ("output", op.option(HardSwishOptions.outputMultiplierFixedpointInt16))] {
            try op.require((0...32767).contains(multiplier), "\(name) multiplier \(multiplier) is outside [0, 32767]")
        }
        let reluishExponent = op.option(HardSwishOptions.reluishMultiplierExponent)
        try op.require((-31...31).contains(reluishExponent), "reluish exponent \(reluishExponent) is outside [-31, 31]")
        let outputExponent = op.option(HardSwishOptions.outputMultiplierExponent)
        try op.require((-31...0).contains(outputExponent), "output exponent \(outputExponent) is outside [-31, 0]")
    }

    static func value(_ x: Int32, _ op: KglOperator) -> Int8 {
        let reluishMultiplier = Int16(op.option(HardSwishOptions.reluishMultiplierFixedpointInt16))
        let outputMultiplier = Int16(op.option(HardSwishOptions.outputMultiplierFixedpointInt16))
        let reluishExponent = Int(op.option(HardSwishOptions.reluishMultiplierExponent))
        let outputExponent = Int(op.option(HardSwishOptions.outputMultiplierExponent))

        let d = Int16(x - op.option(HardSwishOptions.inputZeroPoint))
        let hires = d * 128
        let preshiftOutput = FixedPoint.saturatingRoundingDoublingHighMulInt16(hires, outputMultiplier)
        var reluish = hires
        if reluishExponent > 0 {
            // All but the last bit of the left shift; saturation here cannot matter.
            reluish = FixedPoint.saturatingLeftShiftInt16(reluish, reluishExponent - 1)
        }
        reluish = FixedPoint.saturatingRoundingDoublingHighMulInt16(reluish, reluishMultiplier)
        if reluishExponent > 0 {
            reluish = FixedPoint.saturatingLeftShiftInt16(reluish, 1)
        } else if reluishExponent < 0 {
            reluish = FixedPoint.roundingDivideByPOTInt16(reluish, -reluishExponent)
        }
        reluish = Int16((Int32(reluish) + 32768) >> 1) // [−1, 1] → [0, 1]
        let preshiftValue = FixedPoint.saturatingDoublingHighMulInt16(reluish, preshiftOutput)
        var value = FixedPoint.roundingDivideByPOTInt16(preshiftValue, -outputExponent)
        value = Int16(truncatingIfNeeded: Int32(value) + op.option(HardSwishOptions.outputZeroPoint))
        return Int8(clamping: value)
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let table = Int8Table { value($0, op) }
        memory.write(int8: table.apply(memory.int8(op.inputs[0])), to: op.outputs[0])
    }
}
