import KingletIR

/// One operator kind of the format: its code, its TFLite-style name, the stem of its C
/// names (`kgl_<stem>_s8`, `kgl_<stem>_options`), its option slots and operand counts, and
/// whether it has a 16x8 variant (`kgl_<stem>_s16`, int16 activations with int8 weights),
/// and the layout of its filter when it has one.
public struct OperatorSpec: Sendable {
    public let kind: KglOperatorKind
    public let name: String
    public let cStem: String
    public let optionNames: [String]
    /// The C struct that mirrors the options; kinds sharing a layout share the struct.
    public let optionsCName: String
    public let inputs: ClosedRange<Int>
    public let outputs: Int
    /// The kind has a 16x8 kernel (`kgl_<stem>_s16`, `<Name>S16`), which runs instead of the
    /// int8 one when the operator's first input or first output is int16 (as TFLite Micro
    /// dispatches on tensor types). Same option slots; docs/QUANTIZATION.md gives the
    /// arithmetic. Since format 1.1.
    public let int16Activations: Bool
    /// The layout of input 1, the filter, for the kinds with per-channel int8 weights
    /// (`FilterLayout`, defined once in the IR); nil otherwise.
    public let filter: FilterLayout?

    /// The axis along which the filter's rows run when it is stored sparse (format 1.4): its
    /// output-channel axis, so each output channel's weights are one contiguous row. Only
    /// the filters of kinds with a layout may be sparse.
    public var sparseRowAxis: Int? { filter?.outputChannelAxis }

    init<Options: OperatorOptions>(
        _ kind: KglOperatorKind, _ name: String, _ cStem: String, _ options: Options.Type,
        optionsStem: String? = nil, inputs: ClosedRange<Int>, outputs: Int = 1,
        int16Activations: Bool = false, filter: FilterLayout? = nil
    ) {
        self.kind = kind
        self.name = name
        self.cStem = cStem
        self.optionNames = Options.cFieldNames
        self.optionsCName = "kgl_\(optionsStem ?? cStem)_options"
        self.inputs = inputs
        self.outputs = outputs
        self.int16Activations = int16Activations
        self.filter = filter
    }
}
