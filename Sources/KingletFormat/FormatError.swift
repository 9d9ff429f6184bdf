/// Why a `.kgl` file, or a graph being lowered to one, was refused. The message names the
/// record (tensor or operator index and name) and what was expected.
public struct FormatError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
