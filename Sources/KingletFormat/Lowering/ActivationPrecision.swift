import KingletIR

/// The two integer arithmetics of the kernels: int8 (the TFLite int8 spec: int8 activations
/// with any zero point, int32 bias) and 16x8 (TFLite's EXPERIMENTAL_TFLITE_BUILTINS_
/// ACTIVATIONS_INT16_WEIGHTS_INT8: int16 activations with zero point 0, int8 symmetric
/// weights, int64 bias). Chosen per operator from its input's element type, as TFLite Micro
/// chooses its kernel; the `.kgl` kernels twin it (`kgl_<stem>_s8` / `kgl_<stem>_s16`).
enum ActivationPrecision: Sendable {
    case int8
    case int16

    /// The precision whose activations have `type`, or nil.
    init?(_ type: TensorType) {
        switch type {
        case .int8: self = .int8
        case .int16: self = .int16
        default: return nil
        }
    }

    var activationType: TensorType { self == .int8 ? .int8 : .int16 }

    /// The bias (and accumulator) type of the weighted operators.
    var biasType: TensorType { self == .int8 ? .int32 : .int64 }

    /// The values of an activation, the clamp of a fused activation's "none".
    var range: ClosedRange<Int32> { self == .int8 ? -128...127 : -32768...32767 }

    /// The largest per-channel shift the weighted kernels apply: the int32 MBQM takes 30, the
    /// 16x8 kernels' int64 one (Q15-reduced multiplier, total shift 15 − shift ≥ 1) 14.
    var maxChannelShift: Int32 { self == .int8 ? 30 : 14 }

    /// For messages: "int8" or "16x8".
    var name: String { self == .int8 ? "int8" : "16x8" }
}
