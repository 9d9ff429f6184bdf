/// The element type of a dataset or attribute, decoded from a datatype message.
public indirect enum HDF5Datatype: Sendable, Hashable {
    /// Two's-complement or unsigned integer of `size` bytes.
    case fixedPoint(size: Int, signed: Bool, endianness: Endianness)
    /// IEEE-style binary float; the bit layout comes from the file, so half, single and
    /// double precision (and any other width up to 8 bytes) are all described here.
    case floatingPoint(size: Int, endianness: Endianness, layout: HDF5FloatLayout)
    /// Fixed-length string of `size` bytes (null-terminated, null-padded or space-padded).
    case string(size: Int)
    /// Variable-length string stored in the global heap.
    case variableLengthString
    /// An enumeration; values are stored as the base integer type.
    case enumeration(base: HDF5Datatype)
    /// Anything else (compound, array, reference, opaque, bitfield, vlen sequence):
    /// the class number and element size, so data can still be skipped or reported.
    case other(typeClass: Int, size: Int)

    /// Bytes one element occupies in a dataset's raw data.
    public var size: Int {
        switch self {
        case let .fixedPoint(size, _, _), let .floatingPoint(size, _, _), let .string(size),
             let .other(_, size):
            return size
        case .variableLengthString:
            // Stored as a 4-byte length, a heap collection address and a 4-byte index;
            // 16 assumes 8-byte addresses, which every h5py file uses.
            return 16
        case let .enumeration(base):
            return base.size
        }
    }

    func storedSize(_ context: HDF5Context) -> Int {
        if case .variableLengthString = self { return 4 + context.offsetSize + 4 }
        return size
    }

    /// Decodes a datatype message body; `consumed` is set to its encoded length, needed
    /// when a datatype is embedded in another (enum base, attribute).
    init(_ body: ArraySlice<UInt8>, path: String, depth: Int = 0) throws(IOError) {
        var consumed = 0
        try self.init(body, path: path, depth: depth, consumed: &consumed)
    }

    init(_ body: ArraySlice<UInt8>, path: String, depth: Int, consumed: inout Int) throws(IOError) {
        guard depth < HDF5Limits.maxDepth else {
            throw .invalidHDF5(path: path, reason: "datatypes nested more than \(HDF5Limits.maxDepth) deep")
        }
        let reader = ByteReader(body)
        let classAndVersion = try reader.getUInt8(at: 0)
        let typeClass = Int(classAndVersion & 0x0F)
        let bits0 = try reader.getUInt8(at: 1)
        let bits1 = try reader.getUInt8(at: 2)
        let rawSize = try reader.getUInt32(at: 4, endianness: .little)
        guard rawSize > 0, rawSize <= 1 << 24 else {
            throw .invalidHDF5(path: path, reason: "datatype size \(rawSize) (expected 1 to 2^24)")
        }
        let size = Int(rawSize)
        let endianness: Endianness = bits0 & 0x01 != 0 ? .big : .little
        switch typeClass {
        case 0:
            guard [1, 2, 4, 8].contains(size) else {
                throw .unsupportedHDF5(path: path, reason: "\(size)-byte integers (supported: 1, 2, 4, 8)")
            }
            self = .fixedPoint(size: size, signed: bits0 & 0x08 != 0, endianness: endianness)
            consumed = 12
        case 1:
            guard bits0 & 0x40 == 0 else {
                throw .unsupportedHDF5(path: path, reason: "VAX floating-point byte order")
            }
            guard size <= 8 else {
                throw .unsupportedHDF5(path: path, reason: "\(size)-byte floats (at most 8)")
            }
            let layout = HDF5FloatLayout(
                signBit: Int(bits1),
                exponentBit: Int(try reader.getUInt8(at: 12)),
                exponentBits: Int(try reader.getUInt8(at: 13)),
                mantissaBit: Int(try reader.getUInt8(at: 14)),
                mantissaBits: Int(try reader.getUInt8(at: 15)),
                exponentBias: Int(try reader.getUInt32(at: 16, endianness: .little)))
            try layout.validate(size: size, path: path)
            self = .floatingPoint(size: size, endianness: endianness, layout: layout)
            consumed = 20
        case 3:
            self = .string(size: size)
            consumed = 8
        case 8:
            var baseLength = 0
            let base = try HDF5Datatype(body.dropFirst(8), path: path, depth: depth + 1, consumed: &baseLength)
            self = .enumeration(base: base)
            consumed = body.count  // names and values follow; enum types are never embedded before data we need
        case 9:
            if bits0 & 0x0F == 1 {
                self = .variableLengthString
            } else {
                self = .other(typeClass: typeClass, size: size)
            }
            consumed = body.count
        default:
            self = .other(typeClass: typeClass, size: size)
            consumed = body.count
        }
    }
}
