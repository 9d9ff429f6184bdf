/// The command line itself is wrong; the CLI prints the message and the command's usage,
/// and exits with status 2.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
