/// One operator kind of the format: its code, its TFLite-style name, the stem of its C
/// names (`kgl_<stem>_s8`, `kgl_<stem>_options`), its option slots and operand counts.
public struct OperatorSpec: Sendable {
    public let kind: KglOperatorKind
    public let name: String
    public let cStem: String
    public let optionNames: [String]
    /// The C struct that mirrors the options; kinds sharing a layout share the struct.
    public let optionsCName: String
    public let inputs: ClosedRange<Int>
    public let outputs: Int

    init<Options: OperatorOptions>(
        _ kind: KglOperatorKind, _ name: String, _ cStem: String, _ options: Options.Type,
        optionsStem: String? = nil, inputs: ClosedRange<Int>, outputs: Int = 1
    ) {
        self.kind = kind
        self.name = name
        self.cStem = cStem
        self.optionNames = Options.cFieldNames
        self.optionsCName = "kgl_\(optionsStem ?? cStem)_options"
        self.inputs = inputs
        self.outputs = outputs
    }
}
