/// The named int32 option slots of one operator kind. The case order is the slot order in
/// the operator record, and the snake_case of each case name is the C field name, so these
/// enums are the single definition of every options struct in `kgl_format.h`.
public protocol OperatorOptions: CaseIterable, Sendable, RawRepresentable where RawValue == Int {}

extension OperatorOptions {
    /// The C field names, in slot order.
    static var cFieldNames: [String] { allCases.map { snakeCase(String(describing: $0)) } }
}

/// `strideH` → `stride_h`; `activationMin` → `activation_min`.
func snakeCase(_ name: String) -> String {
    var out = ""
    for ch in name {
        if ch.isUppercase {
            out += "_" + ch.lowercased()
        } else {
            out.append(ch)
        }
    }
    return out
}

/// An operator without options.
public enum NoOptions: Int, OperatorOptions {
    case reserved
}
