/// An operator about to be written: kind, operand tensor indices (into the program's
/// tensors) and the option slots.
public struct KglOperatorDraft: Sendable {
    public var kind: KglOperatorKind
    public var inputs: [Int]
    public var outputs: [Int]
    public var options: [Int32]
    public var name: String?

    public init(kind: KglOperatorKind, inputs: [Int], outputs: [Int], options: [Int32] = [],
                name: String? = nil) {
        self.kind = kind
        self.inputs = inputs
        self.outputs = outputs
        self.options = options
        self.name = name
    }
}
