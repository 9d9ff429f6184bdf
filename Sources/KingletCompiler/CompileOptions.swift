/// What `kinglet compile` can be asked to do.
public struct CompileOptions: Sendable {
    /// Leave the string table (tensor and layer names) out of the `.kgl`.
    public var stripNames = false
    /// Store int8 weights of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED sparse
    /// (format 1.4) wherever that is smaller; false keeps every constant dense.
    public var sparseWeights = true

    public init(stripNames: Bool = false, sparseWeights: Bool = true) {
        self.stripNames = stripNames
        self.sparseWeights = sparseWeights
    }
}
