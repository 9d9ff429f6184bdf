/// A decoded operator record of a `.kgl` model.
public struct KglOperator: Sendable {
    public let index: Int
    public let kind: KglOperatorKind
    /// Tensor indices (validated against the model's tensor count).
    public let inputs: [Int]
    public let outputs: [Int]
    /// The 16 option slots; `option(_:)` reads them by name.
    public let options: [Int32]
    public let name: String?

    public func option<Options: OperatorOptions>(_ slot: Options) -> Int32 {
        options[slot.rawValue]
    }

    /// "operator 4 (CONV_2D 'conv1')", for messages.
    public var label: String {
        let base = "operator \(index) (\(kind)"
        return (name.map { "\(base) '\($0)'" } ?? base) + ")"
    }
}
