/// Bounds on the work a `FlatBufferReader` does, so a hostile file fails fast instead of
/// exhausting time or memory.
///
/// Offsets in a FlatBuffer only point forward, so references cannot form a cycle; but one
/// table can be referenced from many places, and a small file can then describe a huge
/// tree. These limits cap that amplification.
public struct FlatBufferLimits: Sendable, Hashable {
    /// Deepest nesting of tables below the root (the root is depth 0).
    public var maxDepth: Int

    /// Most tables a reader may open over its lifetime.
    public var maxTables: Int

    /// Most bytes a reader may copy out into arrays and strings, or `nil` for a limit
    /// derived from the buffer size (four times its size plus 1 MiB). A well-formed file
    /// decodes each byte about once.
    public var maxDecodedBytes: Int?

    public init(maxDepth: Int = 64, maxTables: Int = 1_000_000, maxDecodedBytes: Int? = nil) {
        self.maxDepth = maxDepth
        self.maxTables = maxTables
        self.maxDecodedBytes = maxDecodedBytes
    }

    public static let `default` = FlatBufferLimits()
}
