import KingletIO

/// Everything `KerasExporter` can report about a graph it cannot write. A message reads like
/// `Keras export: operator 7 (TRANSPOSE 'permute'): the permutation [1, 0, 2] moves the batch
/// axis (Keras's Permute keeps it first)`.
public enum ExportError: Error, Sendable, Hashable {
    /// An operator Keras has no layer for, or whose attributes or operands no Keras layer
    /// expresses. `layer` is the operator's name ("" when it has none).
    case unsupportedOperator(index: Int, kind: String, layer: String, reason: String)

    /// Something about the graph as a whole: tensor types, quantization, inputs, outputs.
    case unsupportedGraph(reason: String)

    /// The graph breaks an IR invariant (`Graph.verify()`), so it cannot be translated.
    case invalidGraph(reason: String)

    /// The HDF5 or zip writer refused what it was given.
    case cannotWrite(underlying: IOError)
}

extension ExportError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .unsupportedOperator(index, kind, layer, reason):
            let name = layer.isEmpty ? "" : " '\(layer)'"
            return "Keras export: operator \(index) (\(kind)\(name)): \(reason)"
        case let .unsupportedGraph(reason):
            return "Keras export: \(reason)"
        case let .invalidGraph(reason):
            return "Keras export: the graph is inconsistent: \(reason)"
        case let .cannotWrite(underlying):
            return "Keras export: \(underlying)"
        }
    }
}
