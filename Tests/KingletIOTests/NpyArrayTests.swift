@testable import KingletIO
import KingletTestSupport
import Testing

@Suite("NpyArray")
struct NpyArrayTests {
    // MARK: Reading numpy's own files

    @Test func readsInt8Matrix() throws {
        let array = try NpyArray(decoding: NpyGolden.bytes(NpyGolden.int8_2x3))
        #expect(array.shape == [2, 3])
        #expect(array.dtype == .int8)
        #expect(try array.int8Values() == [-128, -1, 0, 1, 2, 127])
        #expect(try array.floatValues() == [-128, -1, 0, 1, 2, 127])
    }

    @Test func readsZeroDimensionalScalar() throws {
        let array = try NpyArray(decoding: NpyGolden.bytes(NpyGolden.float32_scalar))
        #expect(array.shape == [])
        #expect(array.elementCount == 1)
        #expect(try array.float32Values() == [1.5])
    }

    @Test func readsEveryDtype() throws {
        let floats = try NpyArray(decoding: NpyGolden.bytes(NpyGolden.float32_4))
        #expect(floats.shape == [4])
        #expect(try floats.float32Values() == [0, -1.25, 3.0e38, .infinity])

        let empty = try NpyArray(decoding: NpyGolden.bytes(NpyGolden.uint8_2x0))
        #expect(empty.shape == [2, 0])
        #expect(try empty.values(as: UInt8.self) == [])

        let shorts = try NpyArray(decoding: NpyGolden.bytes(NpyGolden.int16_1x2x2))
        #expect(shorts.shape == [1, 2, 2])
        #expect(try shorts.values(as: Int16.self) == [-32768, -2, 300, 32767])

        let ints = try NpyArray(decoding: NpyGolden.bytes(NpyGolden.int32_3))
        #expect(try ints.values(as: Int32.self) == [.min, 7, .max])

        let doubles = try NpyArray(decoding: NpyGolden.bytes(NpyGolden.float64_2))
        #expect(try doubles.values(as: Double.self) == [0.1, -2.5])
        #expect(try doubles.floatValues() == [Float(0.1), -2.5])
    }

    @Test func readsFormatVersions2And3() throws {
        let v2 = try NpyArray(decoding: NpyGolden.bytes(NpyGolden.float32_2x2_v2))
        #expect(v2.shape == [2, 2])
        #expect(try v2.float32Values() == [1, 2, 3, 4])
        let v3 = try NpyArray(decoding: NpyGolden.bytes(NpyGolden.int8_3_v3))
        #expect(try v3.int8Values() == [1, 2, 3])
    }

    // MARK: Writing exactly what numpy writes

    @Test(arguments: [
        NpyGolden.int8_2x3, NpyGolden.float32_scalar, NpyGolden.float32_4, NpyGolden.uint8_2x0,
        NpyGolden.int16_1x2x2, NpyGolden.int32_3, NpyGolden.float64_2,
    ])
    func encodingReproducesNumpyBytes(hex: String) throws {
        let bytes = NpyGolden.bytes(hex)
        let array = try NpyArray(decoding: bytes)
        #expect(array.encoded() == bytes)
    }

    @Test(arguments: [[Int](), [0], [5], [2, 3], [1, 2, 3, 4], [3, 1, 1, 1, 2]])
    func roundTripsInt8AndFloat(shape: [Int]) throws {
        let count = shape.reduce(1, *)
        var generator = SeededGenerator(seed: UInt64(count) &* 31 &+ UInt64(shape.count))
        let int8s = (0..<count).map { _ in Int8.random(in: .min ... .max, using: &generator) }
        let floats = (0..<count).map { _ in Float.random(in: -10...10, using: &generator) }
        for array in [try NpyArray(shape: shape, values: int8s), try NpyArray(shape: shape, values: floats)] {
            let encoded = array.encoded()
            #expect((encoded.count - array.data.count) % 64 == 0, "data must start on a 64-byte boundary")
            let decoded = try NpyArray(decoding: encoded)
            #expect(decoded == array)
        }
    }

    @Test func largeHeadersSwitchToVersion2() throws {
        let shape = [Int](repeating: 1, count: 25_000)
        let array = try NpyArray(shape: shape, values: [Float(2)])
        let encoded = array.encoded()
        #expect(encoded[6] == 2)
        #expect((encoded.count - 4) % 64 == 0)
        #expect(try NpyArray(decoding: encoded) == array)
    }

    // MARK: Malformed and unsupported files

    @Test func rejectsBigEndianWithAClearMessage() throws {
        let error = #expect(throws: IOError.self) { try NpyArray(decoding: NpyGolden.bytes(NpyGolden.bigEndian)) }
        let message = try #require(error).description
        #expect(message.contains("expected a little-endian dtype such as '<f4', got '>f4'"))
    }

    @Test func rejectsFortranOrder() throws {
        let error = #expect(throws: IOError.self) { try NpyArray(decoding: NpyGolden.bytes(NpyGolden.fortran)) }
        #expect(try #require(error).description.contains("fortran_order is True"))
    }

    @Test func rejectsWrongMagic() throws {
        var bytes = NpyGolden.bytes(NpyGolden.int8_2x3)
        bytes[1] = UInt8(ascii: "X")
        let error = #expect(throws: IOError.self) { try NpyArray(decoding: bytes) }
        #expect(try #require(error).description.contains("magic"))
    }

    @Test func everyTruncationThrows() {
        let bytes = NpyGolden.bytes(NpyGolden.int16_1x2x2)
        for length in 0..<bytes.count {
            #expect(throws: IOError.self, "prefix of \(length) bytes") {
                try NpyArray(decoding: Array(bytes.prefix(length)))
            }
        }
    }

    @Test func trailingBytesAreAShapeMismatch() throws {
        let bytes = NpyGolden.bytes(NpyGolden.int32_3) + [0, 0, 0, 0]
        let error = #expect(throws: IOError.self) { try NpyArray(decoding: bytes) }
        #expect(try #require(error).description.contains("needs 12 bytes of data, but 16 follow"))
    }

    @Test func constructorChecksElementCount() {
        #expect(throws: IOError.self) { try NpyArray(shape: [2, 2], values: [Int8(1), 2, 3]) }
        #expect(throws: IOError.self) { try NpyArray(shape: [-1], dtype: .int8, data: []) }
        #expect(throws: IOError.self) { try NpyArray(shape: [Int.max, 4], dtype: .float32, data: []) }
    }

    @Test func typedAccessorsRefuseOtherDtypes() throws {
        let array = try NpyArray(shape: [2], values: [Float(1), 2])
        let error = #expect(throws: IOError.self) { try array.int8Values() }
        #expect(try #require(error).description == "expected an array of int8 ('|i1'), got float32 ('<f4')")
    }

    static func file(header: String, data: [UInt8] = [], version: UInt8 = 1) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeBytes([0x93] + Array("NUMPY".utf8))
        writer.writeUInt8(version)
        writer.writeUInt8(0)
        if version == 1 {
            writer.writeUInt16(UInt16(header.utf8.count), endianness: .little)
        } else {
            writer.writeUInt32(UInt32(header.utf8.count), endianness: .little)
        }
        writer.writeUTF8(header)
        writer.writeBytes(data)
        return writer.bytes
    }

    @Test(arguments: [
        ("{'descr': '<i4', 'fortran_order': False, 'shape': (2L,), }\n", [Int](arrayLiteral: 2)),
        ("{\"shape\":(1,2),\"descr\":\"<i2\",\"fortran_order\":False}", [1, 2]),
        ("  { 'fortran_order' : False , 'shape' : [ 4 ] , 'descr' : '|u1' }  \n", [4]),
        ("{'descr': '<f4', 'fortran_order': True, 'shape': (4,), }", [4]),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'extra': (None, 'x'), }", []),
    ])
    func acceptsHeaderVariants(header: String, shape: [Int]) throws {
        let probe = try NpyHeaderParserProbe.dtype(of: header)
        let data = [UInt8](repeating: 0, count: shape.reduce(1, *) * probe.itemSize)
        let array = try NpyArray(decoding: Self.file(header: header, data: data))
        #expect(array.shape == shape)
    }

    @Test(arguments: [
        ("{'descr': '<f4', 'shape': (2,)}", "fortran_order"),
        ("{'descr': '<f4', 'fortran_order': False}", "'shape'"),
        ("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}", "structured"),
        ("{'descr': '<c8', 'fortran_order': False, 'shape': (1,)}", "dtype '<c8' is not supported"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", "non-negative"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", "too large"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", "expected"),
        ("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,)}", "Maybe"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': ((((((((((1,),),),),),),),),),)}", "nested too deeply"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} junk", "after the dictionary"),
        ("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", "appears twice"),
        ("{'descr': '=f4', 'fortran_order': False, 'shape': (1,)}", "little-endian"),
        ("", "expected '{'"),
    ])
    func rejectsBadHeaders(header: String, fragment: String) throws {
        let error = #expect(throws: IOError.self) {
            try NpyArray(decoding: Self.file(header: header, data: [0, 0, 0, 0]))
        }
        let message = try #require(error).description
        #expect(message.contains(fragment), "\(message)")
    }

    @Test func rejectsUnknownVersionAndOversizedHeaderLength() throws {
        var bytes = NpyGolden.bytes(NpyGolden.int8_2x3)
        bytes[6] = 4
        let versionError = #expect(throws: IOError.self) { try NpyArray(decoding: bytes) }
        #expect(try #require(versionError).description.contains("version 4.0"))
        let huge = Self.file(header: "{}", version: 2)
        var patched = huge
        patched[8] = 0xFF; patched[9] = 0xFF; patched[10] = 0xFF; patched[11] = 0x7F
        let lengthError = #expect(throws: IOError.self) { try NpyArray(decoding: patched) }
        #expect(try #require(lengthError).description.contains("truncated"))
    }

    @Test func randomGarbageNeverCrashes() {
        var generator = SeededGenerator(seed: 42)
        let prefix = NpyGolden.bytes(NpyGolden.int8_2x3)
        for _ in 0..<2000 {
            var bytes = prefix
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? NpyArray(decoding: bytes)
        }
    }

    @Test func halfPrecisionConvertsExactly() {
        #expect(NpyArray.halfToFloat(0x3C00) == 1)
        #expect(NpyArray.halfToFloat(0xC000) == -2)
        #expect(NpyArray.halfToFloat(0x0001) == 0x1p-24)
        #expect(NpyArray.halfToFloat(0x7BFF) == 65504)
        #expect(NpyArray.halfToFloat(0x7C00) == .infinity)
        #expect(NpyArray.halfToFloat(0x7E00).isNaN)
        #expect(NpyArray.halfToFloat(0x8000).sign == .minus)
    }
}
