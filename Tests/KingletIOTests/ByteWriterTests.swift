import Testing
@testable import KingletIO

@Suite("ByteWriter")
struct ByteWriterTests {
    @Test func appendsInTheRequestedByteOrder() {
        var writer = ByteWriter()
        writer.writeUInt16(0x0102, endianness: .little)
        writer.writeUInt16(0x0102, endianness: .big)
        writer.writeInt32(-2, endianness: .little)
        writer.writeUInt8(0xAA)
        writer.writeInt8(-1)
        #expect(writer.bytes == [0x02, 0x01, 0x01, 0x02, 0xFE, 0xFF, 0xFF, 0xFF, 0xAA, 0xFF])
    }

    @Test(arguments: [1, 2, 4, 8, 16, 64])
    func padsToAlignment(alignment: Int) {
        var writer = ByteWriter()
        writer.writeBytes([1, 2, 3])
        let added = writer.pad(toMultipleOf: alignment, with: 0xEE)
        #expect(writer.count % alignment == 0)
        #expect(added == (alignment - 3 % alignment) % alignment)
        #expect(writer.bytes.dropFirst(3).allSatisfy { $0 == 0xEE })
    }

    @Test func patchesEarlierBytes() throws {
        var writer = ByteWriter()
        writer.writeUInt32(0, endianness: .little)
        writer.writeUTF8("abc")
        try writer.setInteger(UInt32(writer.count), at: 0, endianness: .little)
        #expect(writer.bytes == [7, 0, 0, 0, 0x61, 0x62, 0x63])
        try writer.setFloat32(1.0, at: 0, endianness: .big)
        #expect(Array(writer.bytes.prefix(4)) == [0x3F, 0x80, 0, 0])
    }

    @Test func patchPastTheEndThrows() {
        var writer = ByteWriter()
        writer.writeBytes([1, 2, 3])
        #expect(throws: IOError.outOfBounds(offset: 1, needed: 4, available: 2)) {
            try writer.setInteger(UInt32(1), at: 1, endianness: .little)
        }
        #expect(throws: IOError.self) { try writer.setBytes([1], at: -1) }
        #expect(writer.bytes == [1, 2, 3])
    }

    @Test func roundTripsThroughByteReader() throws {
        var writer = ByteWriter()
        writer.writeUInt64(.max - 1, endianness: .little)
        writer.writeInt16(-300, endianness: .big)
        writer.writeFloat32(.pi, endianness: .little)
        writer.writeRepeating(7, count: 3)
        var reader = ByteReader(writer.bytes)
        #expect(try reader.readUInt64(endianness: .little) == .max - 1)
        #expect(try reader.readInt16(endianness: .big) == -300)
        #expect(try reader.readFloat32(endianness: .little) == .pi)
        #expect(try reader.readBytes(count: 3) == [7, 7, 7])
    }
}
