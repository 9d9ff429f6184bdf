/// What `kinglet compile` can be asked to do.
public struct CompileOptions: Sendable {
    /// Leave the string table (tensor and layer names) out of the `.kgl`.
    public var stripNames = false

    public init(stripNames: Bool = false) {
        self.stripNames = stripNames
    }
}
