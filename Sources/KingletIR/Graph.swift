/// A model as tensors and operators in execution order.
public struct Graph: Sendable {
    public var tensors: [Tensor]
    public var operators: [Operator]
    public var inputs: [Int]
    public var outputs: [Int]

    public init(tensors: [Tensor] = [], operators: [Operator] = [],
                inputs: [Int] = [], outputs: [Int] = []) {
        self.tensors = tensors
        self.operators = operators
        self.inputs = inputs
        self.outputs = outputs
    }

    /// Adds a tensor and returns its index.
    @discardableResult
    public mutating func add(_ tensor: Tensor) -> Int {
        tensors.append(tensor)
        return tensors.count - 1
    }
}
