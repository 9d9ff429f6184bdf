/// A `kinglet` subcommand: parsed from its arguments, then run.
protocol Command {
    static var name: String { get }
    /// One line for the command list.
    static var abstract: String { get }
    /// The full `--help` text.
    static var help: String { get }
    init(_ arguments: inout ArgumentList) throws(UsageError)
    /// Runs the command; returns the exit status.
    func run() throws -> Int32
}
