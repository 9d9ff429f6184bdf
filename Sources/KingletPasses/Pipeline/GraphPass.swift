import KingletIR

/// A graph transformation with a name, run by a `Pipeline`.
public protocol GraphPass: Sendable {
    var name: String { get }
    func run(_ graph: inout Graph) throws
}
