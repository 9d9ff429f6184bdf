import KingletIR

/// Runs passes in order and checks the graph's invariants after each one, so a broken pass
/// is named by the first verification that fails.
public struct Pipeline: Sendable {
    public var passes: [any GraphPass]

    public init(_ passes: [any GraphPass]) { self.passes = passes }

    public func run(_ graph: inout Graph) throws {
        try graph.verify()
        for pass in passes {
            try pass.run(&graph)
            do {
                try graph.verify()
            } catch {
                throw PassError("after pass '\(pass.name)': \(error)")
            }
        }
    }
}
