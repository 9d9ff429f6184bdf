@testable import KingletIO
import KingletTestSupport
import Testing

@Suite("FlatBufferReader")
struct FlatBufferReaderTests {
    @Test func readsEveryKindOfField() throws {
        let sample = SampleFlatBuffer()
        let reader = FlatBufferReader(bytes: sample.bytes)
        #expect(reader.hasFileIdentifier("TEST"))
        #expect(!reader.hasFileIdentifier("TFL3"))
        let root = try reader.rootTable()
        #expect(root.position == sample.root)
        #expect(root.fieldSlotCount == 12)
        #expect(try root.scalar(0, default: UInt8(0)) == 7)
        #expect(try root.scalar(1, default: Int32(0)) == -5)
        #expect(try root.scalar(2, default: Int32(42)) == 42)
        #expect(!root.hasField(2) && root.hasField(1))
        #expect(try root.scalar(40, default: Int16(-3)) == -3, "ids past the vtable are absent")
        #expect(try root.string(3) == "hi")
        #expect(try root.scalarVector(4, as: Int32.self) == [1, 2, 3])
        #expect(try root.scalarVector(2, as: Int32.self) == nil)
        let subA = try #require(try root.table(5))
        #expect(subA.depth == 1)
        #expect(try subA.float32(0, default: 0) == 2.5)
        #expect(try subA.float32(1, default: 9) == 9)
        let union = try #require(try root.union(typeFieldID: 6))
        #expect(union.type == 1)
        #expect(try union.table.float32(0, default: 0) == -1)
        let tables = try #require(try root.tableVector(8))
        #expect(tables.count == 2)
        #expect(try tables.table(at: 1).float32(0, default: 0) == -1)
        #expect(try root.stringVector(9) == ["a", "bc"])
        #expect(try root.bool(11, default: false))
        #expect(try root.float64(10, default: 0.5) == 0.5)
    }

    @Test func vectorElementAccessIsBoundsChecked() throws {
        let root = try FlatBufferReader(bytes: SampleFlatBuffer().bytes).rootTable()
        let vector = try #require(try root.vector(4, elementSize: 4))
        #expect(try vector.scalar(at: 2, as: Int32.self) == 3)
        #expect(throws: IOError.self) { try vector.scalar(at: 3, as: Int32.self) }
        #expect(throws: IOError.self) { try vector.scalar(at: -1, as: Int32.self) }
        #expect(try vector.byteSlice().count == 12)
    }

    // MARK: Hostile input

    @Test func rootOffsetOutsideTheBuffer() {
        var sample = SampleFlatBuffer()
        sample.patch(UInt32(sample.bytes.count + 100), at: 0)
        #expect(throws: IOError.self) { try FlatBufferReader(bytes: sample.bytes).rootTable() }
        sample.patch(UInt32(0), at: 0)
        #expect(throws: IOError.invalidFlatBuffer(offset: 0, field: nil, reason: "root offset is 0")) {
            try FlatBufferReader(bytes: sample.bytes).rootTable()
        }
        #expect(throws: IOError.self) { try FlatBufferReader(bytes: [1, 0]).rootTable() }
    }

    @Test(arguments: [Int32.max, Int32.min, -10_000, 1_000_000])
    func vtableOutsideTheBuffer(distance: Int32) {
        var sample = SampleFlatBuffer()
        sample.patch(distance, at: sample.root)
        #expect(throws: IOError.self) { try FlatBufferReader(bytes: sample.bytes).rootTable() }
    }

    @Test(arguments: [UInt16(0), 2, 3, 31, 0xFFFF])
    func badVTableSizes(size: UInt16) {
        var sample = SampleFlatBuffer()
        sample.patch(size, at: sample.rootVTable)
        #expect(throws: IOError.self) { try FlatBufferReader(bytes: sample.bytes).rootTable() }
    }

    @Test func fieldOutsideItsTable() throws {
        var sample = SampleFlatBuffer()
        sample.patch(UInt16(200), at: sample.rootVTable + 4 + 2 * 1)  // field 1 at table offset 200
        let root = try FlatBufferReader(bytes: sample.bytes).rootTable()
        let error = #expect(throws: IOError.self) { try root.scalar(1, default: Int32(0)) }
        #expect(try #require(error).description.contains("field 1 of the table at offset \(sample.root)"))
    }

    @Test func brokenSubTableNamesTheFieldThatLedThere() throws {
        var sample = SampleFlatBuffer()
        sample.patch(Int32(10_000), at: sample.subA)  // sub-table A's vtable distance
        let root = try FlatBufferReader(bytes: sample.bytes).rootTable()
        let error = #expect(throws: IOError.self) { try root.table(5) }
        let message = try #require(error).description
        #expect(message.hasPrefix("invalid FlatBuffer: field 5 of the table at offset \(sample.root): table at \(sample.subA): vtable offset 10000"),
                "\(message)")
    }

    @Test func referenceOutsideTheBuffer() throws {
        var sample = SampleFlatBuffer()
        sample.patch(UInt32(0x7FFF_0000), at: sample.root + 8)  // field 3 (string)
        let root = try FlatBufferReader(bytes: sample.bytes).rootTable()
        let error = #expect(throws: IOError.self) { try root.string(3) }
        #expect(try #require(error).description.contains("past the end"))
    }

    @Test func hugeVectorLengthFailsBeforeAllocating() throws {
        var sample = SampleFlatBuffer()
        sample.patch(UInt32.max, at: sample.intVector)
        let root = try FlatBufferReader(bytes: sample.bytes).rootTable()
        let error = #expect(throws: IOError.self) { try root.scalarVector(4, as: Int32.self) }
        #expect(try #require(error).description.contains("claims 4294967295 elements"))
        #expect(throws: IOError.self) { try root.byteVector(4) }
    }

    @Test func stringsMustBeTerminatedAndUTF8() throws {
        var unterminated = SampleFlatBuffer()
        unterminated.patch(UInt8(ascii: "!"), at: unterminated.string + 6)
        #expect(throws: IOError.self) { try FlatBufferReader(bytes: unterminated.bytes).rootTable().string(3) }

        var tooLong = SampleFlatBuffer()
        tooLong.patch(UInt32(100_000), at: tooLong.string)
        #expect(throws: IOError.self) { try FlatBufferReader(bytes: tooLong.bytes).rootTable().string(3) }

        var invalid = SampleFlatBuffer()
        invalid.patch(UInt8(0xFF), at: invalid.string + 4)
        let sample = invalid
        #expect(throws: IOError.invalidUTF8(offset: sample.string + 4, length: 2)) {
            try FlatBufferReader(bytes: sample.bytes).rootTable().string(3)
        }
    }

    @Test func unionTypeWithoutValue() throws {
        var sample = SampleFlatBuffer()
        sample.patch(UInt16(0), at: sample.rootVTable + 4 + 2 * 7)  // drop field 7
        let root = try FlatBufferReader(bytes: sample.bytes).rootTable()
        let error = #expect(throws: IOError.self) { try root.union(typeFieldID: 6) }
        #expect(try #require(error).description.contains("union type is 1 but its value is missing"))
    }

    @Test func zeroOffsetIsRejected() throws {
        var sample = SampleFlatBuffer()
        sample.patch(UInt32(0), at: sample.root + 12)  // field 4
        let root = try FlatBufferReader(bytes: sample.bytes).rootTable()
        #expect(throws: IOError.self) { try root.scalarVector(4, as: Int32.self) }
    }

    @Test func depthLimitStopsNesting() throws {
        let bytes = SampleFlatBuffer().bytes
        let root = try FlatBufferReader(bytes: bytes, limits: FlatBufferLimits(maxDepth: 0)).rootTable()
        #expect(throws: IOError.flatBufferLimitExceeded(limit: "nesting depth", value: 0)) { try root.table(5) }
        #expect(throws: IOError.self) { try root.tableVector(8)?.table(at: 0) }
    }

    @Test func tableCountLimitStopsAmplification() throws {
        let reader = FlatBufferReader(bytes: SampleFlatBuffer().bytes, limits: FlatBufferLimits(maxTables: 3))
        let root = try reader.rootTable()
        _ = try root.table(5)
        _ = try root.table(5)
        #expect(throws: IOError.flatBufferLimitExceeded(limit: "table count", value: 3)) { try root.table(5) }
    }

    @Test func decodedByteLimitStopsAmplification() throws {
        let reader = FlatBufferReader(bytes: SampleFlatBuffer().bytes, limits: FlatBufferLimits(maxDecodedBytes: 30))
        let root = try reader.rootTable()
        _ = try root.scalarVector(4, as: Int32.self)  // 12 bytes
        _ = try root.scalarVector(4, as: Int32.self)  // 24 bytes
        #expect(throws: IOError.flatBufferLimitExceeded(limit: "decoded bytes", value: 30)) {
            try root.scalarVector(4, as: Int32.self)
        }
        #expect(reader.bytesDecoded > 30)
    }

    @Test func copyBytesChecksRangeAndCharges() throws {
        let reader = FlatBufferReader(bytes: SampleFlatBuffer().bytes, limits: FlatBufferLimits(maxDecodedBytes: 8))
        #expect(try reader.copyBytes(at: 4, count: 4) == Array("TEST".utf8))
        #expect(throws: IOError.self) { try reader.copyBytes(at: reader.count - 2, count: 4) }
        #expect(throws: IOError.self) { try reader.copyBytes(at: 0, count: 8) }
    }

    @Test func everyTruncationThrows() {
        let bytes = SampleFlatBuffer().bytes
        #expect(throws: Never.self) { try FlatBufferWalker.readSample(bytes) }
        for length in 0..<bytes.count {
            #expect(throws: IOError.self, "prefix of \(length) bytes") {
                try FlatBufferWalker.readSample(Array(bytes.prefix(length)))
            }
        }
    }

    @Test(arguments: 0..<4)
    func randomBytesNeverCrash(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed))
        for _ in 0..<500 {
            let length = Int.random(in: 0..<256, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if length >= 4 {
                // Point the root somewhere inside so the walk gets past the first check.
                bytes[0] = UInt8.random(in: 0..<UInt8(min(length, 255)), using: &generator)
                bytes[1] = 0; bytes[2] = 0; bytes[3] = 0
            }
            _ = try? FlatBufferWalker.walkAll(bytes)
        }
    }

    @Test(arguments: 0..<4)
    func mutatedSampleNeverCrashes(seed: Int) {
        var generator = SeededGenerator(seed: 1000 + UInt64(seed))
        let original = SampleFlatBuffer().bytes
        for _ in 0..<1000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? FlatBufferWalker.walkAll(bytes, limits: FlatBufferLimits(maxTables: 10_000))
        }
    }
}
