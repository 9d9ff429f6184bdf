import Testing
@testable import KingletIO

@Suite("ByteReader")
struct ByteReaderTests {
    let bytes: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09]

    @Test func readsLittleAndBigEndianIntegers() throws {
        let reader = ByteReader(bytes)
        #expect(try reader.getUInt8(at: 0) == 0x01)
        #expect(try reader.getUInt16(at: 0, endianness: .little) == 0x0201)
        #expect(try reader.getUInt16(at: 0, endianness: .big) == 0x0102)
        #expect(try reader.getUInt32(at: 1, endianness: .little) == 0x0504_0302)
        #expect(try reader.getUInt64(at: 1, endianness: .little) == 0x0908_0706_0504_0302)
        #expect(try reader.getUInt64(at: 0, endianness: .big) == 0x0102_0304_0506_0708)
    }

    @Test func readsSignedValuesAndFloats() throws {
        let reader = ByteReader([0xFF, 0xFE, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0xC0, 0x3F])
        #expect(try reader.getInt8(at: 0) == -1)
        #expect(try reader.getInt16(at: 0, endianness: .little) == -257)
        #expect(try reader.getInt32(at: 1, endianness: .little) == -2)
        #expect(try reader.getFloat32(at: 5, endianness: .little) == 1.5)
        var writer = ByteWriter()
        writer.writeFloat64(-0.1, endianness: .big)
        writer.writeInt64(-5, endianness: .little)
        let more = ByteReader(writer.bytes)
        #expect(try more.getFloat64(at: 0, endianness: .big) == -0.1)
        #expect(try more.getInt64(at: 8, endianness: .little) == -5)
    }

    @Test func readAdvancesAndGetDoesNot() throws {
        var reader = ByteReader(bytes)
        #expect(try reader.readUInt8() == 1)
        #expect(reader.readerIndex == 1)
        #expect(try reader.getUInt8(at: 5) == 6)
        #expect(reader.readerIndex == 1)
        #expect(try reader.readUInt32(endianness: .little) == 0x0504_0302)
        #expect(reader.readerIndex == 5)
        #expect(try reader.readBytes(count: 2) == [6, 7])
        #expect(reader.readableBytes == 2)
        try reader.moveReaderIndex(forwardBy: 2)
        #expect(reader.isAtEnd)
    }

    @Test(arguments: [1, 2, 3, 5, 7])
    func unalignedLoadsMatchBytewiseAssembly(offset: Int) throws {
        let data: [UInt8] = (0..<16).map { UInt8($0 * 17 & 0xFF) }
        let reader = ByteReader(data)
        var expected: UInt32 = 0
        for index in 0..<4 {
            expected |= UInt32(data[offset + index]) << (8 * index)
        }
        #expect(try reader.getUInt32(at: offset, endianness: .little) == expected)
    }

    @Test func sliceWindowsAreZeroBased() throws {
        let reader = ByteReader(bytes[3..<7])
        #expect(reader.count == 4)
        #expect(try reader.getUInt8(at: 0) == 4)
        #expect(try reader.getUInt32(at: 0, endianness: .little) == 0x0706_0504)
        #expect(throws: IOError.outOfBounds(offset: 1, needed: 4, available: 3)) {
            try reader.getUInt32(at: 1, endianness: .little)
        }
    }

    @Test func runningShortReportsOffsetAndNeed() {
        let reader = ByteReader(bytes)
        #expect(throws: IOError.outOfBounds(offset: 6, needed: 4, available: 3)) {
            try reader.getUInt32(at: 6, endianness: .little)
        }
        #expect(throws: IOError.outOfBounds(offset: 20, needed: 1, available: 0)) {
            try reader.getUInt8(at: 20)
        }
        #expect(throws: IOError.outOfBounds(offset: -1, needed: 2, available: 0)) {
            try reader.getUInt16(at: -1, endianness: .little)
        }
        #expect(throws: IOError.self) { try reader.getBytes(at: 2, count: -1) }
        #expect(throws: IOError.self) { try reader.getIntegers(at: 0, count: Int.max / 2, endianness: .little, as: UInt32.self) }
        #expect(throws: IOError.self) { try reader.getFloat32s(at: 0, count: 3, endianness: .little) }
        var cursor = ByteReader(bytes)
        #expect(throws: IOError.self) { try cursor.moveReaderIndex(to: 10) }
        #expect(cursor.readerIndex == 0)
    }

    @Test func errorMessagesNameOffsetAndSize() {
        let message = IOError.outOfBounds(offset: 6, needed: 4, available: 3).description
        #expect(message == "needed 4 bytes at offset 6, but only 3 remain")
    }

    @Test func bulkReadsDecodeEveryElement() throws {
        var writer = ByteWriter()
        writer.writeIntegers([Int16(-3), 1000, Int16.min], endianness: .little)
        writer.writeFloat32s([1, -2.5], endianness: .little)
        var reader = ByteReader(writer.bytes)
        #expect(try reader.readIntegers(count: 3, endianness: .little, as: Int16.self) == [-3, 1000, Int16.min])
        #expect(try reader.readFloat32s(count: 2, endianness: .little) == [1, -2.5])
        #expect(reader.isAtEnd)
    }
}
