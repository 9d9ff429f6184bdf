/// A broken graph invariant, found by `Graph.verify()`.
public struct IRError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
