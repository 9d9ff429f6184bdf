import KingletIO

/// Serializes a `TestTable` tree into FlatBuffer bytes, front to back: each table is
/// preceded by its own vtable and followed by the objects it references, so every
/// offset points forward as the format requires. Scalars are aligned to their size.
struct TestFlatBufferBuilder {
    private var writer = ByteWriter()

    static func build(_ root: TestTable, identifier: String? = "TFL3") -> [UInt8] {
        var builder = TestFlatBufferBuilder()
        builder.writer.writeUInt32(0, endianness: .little)
        if let identifier {
            builder.writer.writeUTF8(identifier)
        }
        let position = builder.writeTable(root)
        builder.patchOffset(at: 0, to: position)
        return builder.writer.bytes
    }

    private mutating func patchOffset(at position: Int, to target: Int) {
        precondition(target > position, "FlatBuffer offsets must point forward")
        try! writer.setInteger(UInt32(target - position), at: position, endianness: .little)
    }

    private mutating func writeTable(_ table: TestTable) -> Int {
        let ids = table.fields.keys.sorted()
        // Lay out inline fields after the 4-byte vtable offset, largest first to limit padding.
        var layout: [(id: Int, offset: Int)] = []
        var size = 4
        for id in ids.sorted(by: { (table.fields[$0]!.inlineSize, $1) > (table.fields[$1]!.inlineSize, $0) }) {
            let fieldSize = table.fields[id]!.inlineSize
            size = (size + fieldSize - 1) / fieldSize * fieldSize
            layout.append((id, size))
            size += fieldSize
        }
        size = (size + 3) / 4 * 4
        let slotCount = (ids.last ?? -1) + 1

        writer.pad(toMultipleOf: 2)
        let vtable = writer.count
        writer.writeUInt16(UInt16(4 + 2 * slotCount), endianness: .little)
        writer.writeUInt16(UInt16(size), endianness: .little)
        for slot in 0..<slotCount {
            writer.writeUInt16(UInt16(layout.first(where: { $0.id == slot })?.offset ?? 0), endianness: .little)
        }

        writer.pad(toMultipleOf: 8)
        let position = writer.count
        writer.writeInt32(Int32(position - vtable), endianness: .little)
        writer.writeRepeating(0, count: size - 4)
        var references: [(position: Int, value: FlatBufferValue)] = []
        for (id, offset) in layout {
            let at = position + offset
            switch table.fields[id]! {
            case let .uint8(value): try! writer.setInteger(value, at: at, endianness: .little)
            case let .int8(value): try! writer.setInteger(value, at: at, endianness: .little)
            case let .bool(value): try! writer.setInteger(UInt8(value ? 1 : 0), at: at, endianness: .little)
            case let .int32(value): try! writer.setInteger(value, at: at, endianness: .little)
            case let .uint32(value): try! writer.setInteger(value, at: at, endianness: .little)
            case let .int64(value): try! writer.setInteger(value, at: at, endianness: .little)
            case let .uint64(value): try! writer.setInteger(value, at: at, endianness: .little)
            case let .float32(value): try! writer.setInteger(value.bitPattern, at: at, endianness: .little)
            case let reference: references.append((at, reference))
            }
        }
        for (at, value) in references {
            patchOffset(at: at, to: writeObject(value))
        }
        return position
    }

    private mutating func writeObject(_ value: FlatBufferValue) -> Int {
        switch value {
        case let .table(table):
            return writeTable(table)
        case let .string(string):
            return writeVector(count: string.utf8.count, elementSize: 1) { w in
                w.writeUTF8(string)
                w.writeUInt8(0)
            }
        case let .bytes(bytes):
            return writeVector(count: bytes.count, elementSize: 16) { $0.writeBytes(bytes) }
        case let .int32s(values):
            return writeVector(count: values.count, elementSize: 4) { $0.writeIntegers(values, endianness: .little) }
        case let .int64s(values):
            return writeVector(count: values.count, elementSize: 8) { $0.writeIntegers(values, endianness: .little) }
        case let .float32s(values):
            return writeVector(count: values.count, elementSize: 4) { $0.writeFloat32s(values, endianness: .little) }
        case let .tables(tables):
            let position = writeVector(count: tables.count, elementSize: 4) { $0.writeRepeating(0, count: 4 * tables.count) }
            for (index, table) in tables.enumerated() {
                patchOffset(at: position + 4 + 4 * index, to: writeTable(table))
            }
            return position
        case let .strings(strings):
            let position = writeVector(count: strings.count, elementSize: 4) { $0.writeRepeating(0, count: 4 * strings.count) }
            for (index, string) in strings.enumerated() {
                patchOffset(at: position + 4 + 4 * index, to: writeObject(.string(string)))
            }
            return position
        default:
            preconditionFailure("scalars are stored inline")
        }
    }

    /// Writes a length-prefixed vector whose elements start on an `alignment` boundary.
    private mutating func writeVector(count: Int, elementSize alignment: Int, _ body: (inout ByteWriter) -> Void) -> Int {
        while (writer.count + 4) % max(alignment, 4) != 0 {
            writer.writeUInt8(0)
        }
        let position = writer.count
        writer.writeUInt32(UInt32(count), endianness: .little)
        body(&writer)
        return position
    }
}
