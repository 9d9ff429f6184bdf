/// The layout of one fixed-size record of the `.kgl` format. Offsets follow from the field
/// order; every field is naturally aligned (checked by the format tests).
public struct RecordLayout: Sendable {
    public let cName: String
    public let fields: [RecordField]

    public init(cName: String, fields: [RecordField]) {
        self.cName = cName
        self.fields = fields
    }

    public var byteCount: Int { fields.reduce(0) { $0 + $1.byteCount } }

    /// Byte offset of the field called `name`; a misspelt name is a programming error.
    public func offset(of name: String) -> Int {
        var offset = 0
        for field in fields {
            if field.name == name { return offset }
            offset += field.byteCount
        }
        preconditionFailure("no field '\(name)' in \(cName)")
    }
}
