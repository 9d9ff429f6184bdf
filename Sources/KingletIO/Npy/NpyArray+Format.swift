// Reading and writing the `.npy` container: magic "\x93NUMPY", a version, a header
// length, a Python-dict header padded with spaces to a multiple of 64 bytes and ended by
// a newline, then the raw element bytes.
extension NpyArray {
    private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    private static let alignment = 64
    /// Spare header space numpy leaves so the first axis can grow in place.
    private static let growthDigits = 21

    /// Decodes a whole `.npy` file.
    public init(decoding bytes: [UInt8]) throws(IOError) {
        var reader = ByteReader(bytes)
        guard bytes.count >= 10 else {
            throw .invalidNpy(reason: "file is \(bytes.count) bytes; an .npy file starts with a header of at least 10 bytes")
        }
        let magic = try reader.readBytes(count: 6)
        guard magic == Self.magic else {
            throw .invalidNpy(reason: "expected the magic string \\x93NUMPY at the start, found \(Self.escaped(magic))")
        }
        let major = try reader.readUInt8()
        let minor = try reader.readUInt8()
        let headerLength: Int
        switch (major, minor) {
        case (1, 0):
            headerLength = Int(try reader.readUInt16(endianness: .little))
        case (2, 0), (3, 0):
            headerLength = Int(try reader.readUInt32(endianness: .little))
        default:
            throw .unsupportedNpy(reason: "format version \(major).\(minor); supported versions are 1.0, 2.0 and 3.0")
        }
        guard headerLength <= reader.readableBytes else {
            throw .invalidNpy(reason: "header claims \(headerLength) bytes but only \(reader.readableBytes) follow; the file is truncated")
        }
        let headerText = try reader.readSlice(count: headerLength)
        var parser = NpyHeaderParser(headerText)
        let header = try parser.parseDictionary()

        guard case let .string(descr)? = header["descr"] else {
            if case .sequence? = header["descr"] {
                throw .unsupportedNpy(reason: "structured dtypes (a list in 'descr') are not supported")
            }
            throw .invalidNpy(reason: "header needs a string 'descr' (such as '<f4')")
        }
        guard case let .bool(fortranOrder)? = header["fortran_order"] else {
            throw .invalidNpy(reason: "header needs 'fortran_order': True or False")
        }
        guard case let .sequence(dimensions)? = header["shape"] else {
            throw .invalidNpy(reason: "header needs a 'shape' tuple such as (2, 3)")
        }
        var shape: [Int] = []
        for dimension in dimensions {
            guard case let .integer(value) = dimension, value >= 0 else {
                throw .invalidNpy(reason: "shape entries must be non-negative integers, got \(dimensions)")
            }
            shape.append(value)
        }
        let dtype = try NpyDType(descr: descr)
        // Fortran and C order coincide when at most one dimension exceeds 1.
        guard !fortranOrder || shape.filter({ $0 > 1 }).count <= 1 else {
            throw .unsupportedNpy(reason: "fortran_order is True for shape \(Self.pythonTuple(shape)); only C-order arrays are supported "
                + "(save np.ascontiguousarray(arr) instead)")
        }
        let expected = try Self.byteCount(shape: shape, dtype: dtype)
        guard reader.readableBytes == expected else {
            throw .invalidNpy(reason: "shape \(Self.pythonTuple(shape)) of \(dtype) needs \(expected) bytes of data, "
                + "but \(reader.readableBytes) follow the header")
        }
        try self.init(shape: shape, dtype: dtype, data: try reader.readBytes(count: expected))
    }

    /// The array as a complete `.npy` file, laid out as numpy 2 writes it.
    public func encoded() -> [UInt8] {
        var dictionary = "{'descr': '\(dtype.descr)', 'fortran_order': False, 'shape': \(Self.pythonTuple(shape)), }"
        if let first = shape.first {
            dictionary += String(repeating: " ", count: max(0, Self.growthDigits - String(first).count))
        }
        // Version 1.0 stores the header length in 16 bits; fall back to 2.0 beyond that.
        var version: UInt8 = 1
        var paddedLength = Self.paddedHeaderLength(dictionary.utf8.count, prefix: 10)
        if paddedLength > Int(UInt16.max) {
            version = 2
            paddedLength = Self.paddedHeaderLength(dictionary.utf8.count, prefix: 12)
        }
        var writer = ByteWriter(reservingCapacity: 12 + paddedLength + data.count)
        writer.writeBytes(Self.magic)
        writer.writeUInt8(version)
        writer.writeUInt8(0)
        if version == 1 {
            writer.writeUInt16(UInt16(paddedLength), endianness: .little)
        } else {
            writer.writeUInt32(UInt32(paddedLength), endianness: .little)
        }
        writer.writeUTF8(dictionary)
        writer.writeRepeating(UInt8(ascii: " "), count: paddedLength - dictionary.utf8.count - 1)
        writer.writeUInt8(UInt8(ascii: "\n"))
        writer.writeBytes(data)
        return writer.bytes
    }

    /// Header length including padding and the final newline, so that prefix + header is
    /// a multiple of the alignment.
    private static func paddedHeaderLength(_ dictionaryLength: Int, prefix: Int) -> Int {
        let unpadded = dictionaryLength + 1
        return unpadded + alignment - (prefix + unpadded) % alignment
    }

    private static func escaped(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            (0x20..<0x7F).contains(byte) ? String(Character(Unicode.Scalar(byte))) : "\\x" + hex(byte)
        }.joined()
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
