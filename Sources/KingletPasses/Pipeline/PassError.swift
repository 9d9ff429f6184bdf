/// A pass could not transform the graph; the message names the pass, operator and reason.
public struct PassError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
