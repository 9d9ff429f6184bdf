/// Why `FloatInterpreter` refused a graph or an input: the message names the operator
/// (index, kind, layer) or the tensor, and the problem.
public struct FloatInterpreterError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
