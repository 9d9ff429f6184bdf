/// An error the CLI prints as "kinglet: <file>: <message>" and exits non-zero for.
public struct CompilerError: Error, CustomStringConvertible {
    public let file: String?
    public let message: String

    public init(file: String? = nil, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String {
        file.map { "\($0): \(message)" } ?? message
    }
}
