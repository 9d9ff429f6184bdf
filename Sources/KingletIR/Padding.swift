/// TFLite padding modes: SAME pads so that output = ceil(input / stride); VALID does not pad.
public enum Padding: String, Sendable, Hashable {
    case same, valid
}
