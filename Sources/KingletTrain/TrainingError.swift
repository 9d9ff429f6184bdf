/// Why a graph cannot be trained, or a training run cannot go on: names the operator (index,
/// kind, layer) or the data at fault.
public struct TrainingError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
