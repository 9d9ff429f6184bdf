/// Bodies of the object header messages the writer emits (File Format Specification
/// §IV.A.2), for 8-byte addresses and lengths.
enum HDF5MessageEncoder {
    /// Dataspace, version 1: rank and dimensions, no maximum dimensions (they equal the
    /// current ones). Rank 0 is a scalar.
    static func dataspace(_ shape: [Int]) -> [UInt8] {
        var out = ByteWriter()
        out.writeUInt8(1)  // version
        out.writeUInt8(UInt8(shape.count))
        out.writeUInt8(0)  // flags: no maximum dimensions, no permutation
        out.writeRepeating(0, count: 5)
        for dimension in shape {
            out.writeUInt64(UInt64(dimension), endianness: .little)
        }
        return out.bytes
    }

    /// Fill value, version 2, as the library writes it for the default fill: storage
    /// allocated late, written if set, and "defined" with zero size (fill with zeros).
    static let defaultFillValue: [UInt8] = [2, 2, 2, 1, 0, 0, 0, 0]

    /// Data layout, version 3, contiguous: `size` bytes at `address`.
    static func contiguousLayout(address: UInt64, size: Int) -> [UInt8] {
        var out = ByteWriter()
        out.writeUInt8(3)  // version
        out.writeUInt8(1)  // layout class: contiguous
        out.writeUInt64(address, endianness: .little)
        out.writeUInt64(UInt64(size), endianness: .little)
        return out.bytes
    }

    /// Symbol table: where an old-style group's B-tree and local heap are.
    static func symbolTable(btree: UInt64, heap: UInt64) -> [UInt8] {
        var out = ByteWriter()
        out.writeUInt64(btree, endianness: .little)
        out.writeUInt64(heap, endianness: .little)
        return out.bytes
    }

    /// Variable-length UTF-8 string datatype (class 9, version 1): each element is a
    /// 4-byte length, a global heap collection address and a 4-byte object index. The base
    /// type is the one-byte unsigned character the library records for strings.
    static let variableLengthString: [UInt8] = {
        var out = ByteWriter()
        out.writeUInt8(0x10 | 9)
        out.writeBytes([0x01, 0x01, 0x00])  // type 1 (string), null-terminated; UTF-8
        out.writeUInt32(UInt32(4 + HDF5WriterLimits.offsetSize + 4), endianness: .little)
        out.writeUInt8(0x10 | 0)  // base: version 1, fixed point
        out.writeBytes([0x00, 0x00, 0x00])  // little-endian, unsigned
        out.writeUInt32(1, endianness: .little)
        out.writeUInt16(0, endianness: .little)  // bit offset
        out.writeUInt16(8, endianness: .little)  // bit precision
        return out.bytes
    }()

    /// Fixed-length string datatype (class 3, version 1) of `size` bytes, null-padded.
    static func fixedString(size: Int, utf8: Bool) -> [UInt8] {
        var out = ByteWriter()
        out.writeUInt8(0x10 | 3)
        out.writeBytes([(utf8 ? 0x10 : 0x00) | 0x01, 0x00, 0x00])  // character set; null-padded
        out.writeUInt32(UInt32(size), endianness: .little)
        return out.bytes
    }

    /// Attribute, version 1: name (with its NUL), datatype and dataspace each padded to a
    /// multiple of 8 bytes, then the data.
    static func attribute(name: String, datatype: [UInt8], shape: [Int], data: [UInt8]) -> [UInt8] {
        let nameBytes = Array(name.utf8) + [0]
        let dataspace = dataspace(shape)
        var out = ByteWriter()
        out.writeUInt8(1)  // version
        out.writeUInt8(0)  // reserved
        out.writeUInt16(UInt16(clamping: nameBytes.count), endianness: .little)
        out.writeUInt16(UInt16(datatype.count), endianness: .little)
        out.writeUInt16(UInt16(dataspace.count), endianness: .little)
        for part in [nameBytes, datatype, dataspace] {
            out.writeBytes(part)
            out.pad(toMultipleOf: 8)
        }
        out.writeBytes(data)
        return out.bytes
    }
}
