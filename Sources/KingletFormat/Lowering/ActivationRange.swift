import KingletIR

/// The int8 clamp of a fused activation on an output with `scale` and `zeroPoint`, as
/// TFLite's CalculateActivationRangeQuantized computes it (float32 division, rounding half
/// away from zero), intersected with [qmin, qmax].
func activationRange(_ activation: Activation, scale: Float, zeroPoint: Int,
                     qmin: Int32 = -128, qmax: Int32 = 127) -> (min: Int32, max: Int32) {
    // Clamped to int32 so a degenerate scale cannot trap; the result is clamped to int8 anyway.
    func quantize(_ value: Float) -> Int32 {
        let steps = Double((value / scale).rounded(.toNearestOrAwayFromZero)) + Double(zeroPoint)
        guard steps.isFinite else { return steps > 0 ? Int32.max : Int32.min }
        return Int32(max(Double(Int32.min), min(Double(Int32.max), steps)))
    }
    switch activation {
    case .none:
        return (qmin, qmax)
    case .relu:
        return (max(qmin, quantize(0)), qmax)
    case .relu6:
        return (max(qmin, quantize(0)), min(qmax, quantize(6)))
    case .reluN1To1:
        return (max(qmin, quantize(-1)), min(qmax, quantize(1)))
    }
}
