import KingletCompiler

extension Target {
    /// The target named on the command line (`--target NAME`); an unknown name is a usage error
    /// that lists the targets.
    static func parsed(_ name: String) throws(UsageError) -> Target {
        do {
            return try Target.named(name)
        } catch {
            throw UsageError("\(error)")
        }
    }
}
