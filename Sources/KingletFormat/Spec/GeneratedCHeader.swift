/// The C headers generated from `FormatSpec` and committed under `runtime-c/include/`
/// (`swift run kinglet-format-header <file name>`); a test fails when one is stale.
public enum GeneratedCHeader: String, CaseIterable, Sendable {
    /// The `.kgl` layout as C structs, and the operator kinds with their facts.
    case format = "kgl_format.h"
    /// The build's default `KGL_WITH_<NAME>` of every kind (operator selection).
    case operatorSelection = "kgl_operator_selection.h"

    /// The file name under `runtime-c/include/`.
    public var fileName: String { rawValue }

    /// The header's text.
    public var text: String {
        switch self {
        case .format: FormatSpec.cHeader()
        case .operatorSelection: FormatSpec.cOperatorSelectionHeader()
        }
    }
}
