@testable import KingletIO

/// A small FlatBuffer laid out by hand, so tests know where every byte is.
///
/// Root table (identifier "TEST"): field 0 u8 = 7, 1 i32 = -5, 2 absent, 3 string "hi",
/// 4 [int] = [1, 2, 3], 5 sub-table A, 6/7 union (type 1, value sub-table B),
/// 8 [table] = [A, B], 9 [string] = ["a", "bc"], 10 absent, 11 bool = true.
/// Sub-tables have one float field: A = 2.5, B = -1.
struct SampleFlatBuffer {
    var bytes: [UInt8] = []
    /// Positions of the pieces, for tests that corrupt one of them.
    var rootVTable = 0, root = 0, string = 0, intVector = 0, tableVector = 0, stringVector = 0
    var subVTable = 0, subA = 0, subB = 0

    init() {
        var w = ByteWriter()
        w.writeUInt32(0, endianness: .little)  // root offset, patched below
        w.writeUTF8("TEST")

        rootVTable = w.count
        let slots: [UInt16] = [32, 4, 0, 8, 12, 16, 33, 20, 24, 28, 0, 34]
        w.writeUInt16(UInt16(4 + 2 * slots.count), endianness: .little)
        w.writeUInt16(36, endianness: .little)
        w.writeIntegers(slots, endianness: .little)

        root = w.count
        w.writeInt32(Int32(root - rootVTable), endianness: .little)
        w.writeInt32(-5, endianness: .little)           // +4 field 1
        let referenceFields = w.count                    // +8 ... +28: fields 3, 4, 5, 7, 8, 9
        w.writeRepeating(0, count: 24)
        w.writeBytes([7, 1, 1, 0])                       // +32 field 0, +33 field 6, +34 field 11, pad

        string = w.count
        w.writeUInt32(2, endianness: .little)
        w.writeBytes(Array("hi".utf8) + [0, 0])

        intVector = w.count
        w.writeUInt32(3, endianness: .little)
        w.writeIntegers([Int32(1), 2, 3], endianness: .little)

        tableVector = w.count
        w.writeUInt32(2, endianness: .little)
        w.writeRepeating(0, count: 8)

        stringVector = w.count
        w.writeUInt32(2, endianness: .little)
        w.writeRepeating(0, count: 8)
        let stringA = w.count
        w.writeUInt32(1, endianness: .little)
        w.writeBytes([UInt8(ascii: "a"), 0, 0, 0])
        let stringB = w.count
        w.writeUInt32(2, endianness: .little)
        w.writeBytes(Array("bc".utf8) + [0, 0])

        subVTable = w.count
        w.writeIntegers([UInt16(6), 8, 4, 0], endianness: .little)
        subA = w.count
        w.writeInt32(Int32(subA - subVTable), endianness: .little)
        w.writeFloat32(2.5, endianness: .little)
        subB = w.count
        w.writeInt32(Int32(subB - subVTable), endianness: .little)
        w.writeFloat32(-1, endianness: .little)

        func link(_ from: Int, _ to: Int) {
            try! w.setInteger(UInt32(to - from), at: from, endianness: .little)
        }
        link(0, root)
        for (index, target) in [string, intVector, subA, subB, tableVector, stringVector].enumerated() {
            link(referenceFields + 4 * index, target)
        }
        link(tableVector + 4, subA)
        link(tableVector + 8, subB)
        link(stringVector + 4, stringA)
        link(stringVector + 8, stringB)
        bytes = w.bytes
    }

    mutating func patch<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        var w = ByteWriter()
        w.writeBytes(bytes)
        try! w.setInteger(value, at: offset, endianness: .little)
        bytes = w.bytes
    }
}
