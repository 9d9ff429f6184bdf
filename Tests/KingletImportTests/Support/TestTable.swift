/// A table for tests: field id → value. Absent ids are simply left out.
struct TestTable {
    var fields: [Int: FlatBufferValue]

    init(_ fields: [Int: FlatBufferValue] = [:]) {
        self.fields = fields
    }

    subscript(id: Int) -> FlatBufferValue? {
        get { fields[id] }
        set { fields[id] = newValue }
    }
}
