/// Writes fixed-size records of one layout, field by field, little-endian.
struct RecordWriter {
    let layout: RecordLayout
    private(set) var bytes: [UInt8] = []
    private var start = 0

    init(_ layout: RecordLayout) { self.layout = layout }

    /// Starts a new zero-filled record.
    mutating func begin() {
        start = bytes.count
        bytes += [UInt8](repeating: 0, count: layout.byteCount)
    }

    /// Sets element `element` of field `name` to `value`, truncated to the field's width.
    mutating func set(_ name: String, _ value: UInt32, element: Int = 0) {
        let field = layout.fields.first { $0.name == name }!
        precondition(element < field.count, "\(layout.cName).\(name)[\(element)] out of range")
        let at = start + layout.offset(of: name) + element * field.type.byteCount
        for k in 0..<field.type.byteCount {
            bytes[at + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(k)))
        }
    }
}
