/// A union value read from a table: the type byte (never 0, which means NONE) and the
/// table it selects. What the type means is up to the schema.
public struct FlatBufferUnion {
    public let type: UInt8
    public let table: FlatBufferTable
}
