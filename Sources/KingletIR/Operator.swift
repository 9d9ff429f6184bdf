/// One operator of the graph: what it computes and which tensors it reads and writes.
public struct Operator: Sendable {
    public var kind: OperatorKind
    /// Tensor indices; -1 marks an absent optional input.
    public var inputs: [Int]
    public var outputs: [Int]
    /// The producing layer's name, when known (for messages and reports).
    public var name: String

    public init(kind: OperatorKind, inputs: [Int], outputs: [Int], name: String = "") {
        self.kind = kind
        self.inputs = inputs
        self.outputs = outputs
        self.name = name
    }
}
