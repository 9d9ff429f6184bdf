/// One field of a fixed-size `.kgl` record: a name (as in C), a scalar type and an element count.
public struct RecordField: Sendable {
    public let name: String
    public let type: ScalarType
    public let count: Int

    public init(_ name: String, _ type: ScalarType, count: Int = 1) {
        self.name = name
        self.type = type
        self.count = count
    }

    public var byteCount: Int { type.byteCount * count }
}
