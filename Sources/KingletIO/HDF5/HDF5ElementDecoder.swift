/// Turns raw element bytes into numbers or strings according to a datatype.
struct HDF5ElementDecoder {
    let context: HDF5Context
    let path: String

    /// Every element as a Double (integers, enums and floats of any supported width).
    func doubles(_ raw: ArraySlice<UInt8>, type: HDF5Datatype, count: Int) throws(IOError) -> [Double] {
        let reader = ByteReader(raw)
        switch type {
        case let .floatingPoint(size, endianness, layout):
            try reader.checkBounds(at: 0, count: count * size)
            if size == 4, layout == .binary32 {
                return try reader.getFloat32s(at: 0, count: count, endianness: endianness).map(Double.init)
            }
            if size == 8, layout == .binary64 {
                return try reader.getFloat64s(at: 0, count: count, endianness: endianness)
            }
            var values: [Double] = []
            values.reserveCapacity(count)
            for index in 0..<count {
                let bits = try Self.unsigned(reader, at: index * size, size: size, endianness: endianness)
                values.append(layout.value(bits))
            }
            return values
        case .fixedPoint, .enumeration:
            return try integers(raw, type: type, count: count).map(Double.init)
        default:
            throw .typeMismatch(expected: "numeric HDF5 data at '\(path)'", actual: "\(type)")
        }
    }

    /// Every element as an Int64 (integers and enums; unsigned values above Int64.max wrap).
    func integers(_ raw: ArraySlice<UInt8>, type: HDF5Datatype, count: Int) throws(IOError) -> [Int64] {
        let reader = ByteReader(raw)
        guard case let .fixedPoint(size, signed, endianness) = type.integerBase else {
            throw .typeMismatch(expected: "integer HDF5 data at '\(path)'", actual: "\(type)")
        }
        try reader.checkBounds(at: 0, count: count * size)
        var values: [Int64] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            let bits = try Self.unsigned(reader, at: index * size, size: size, endianness: endianness)
            if signed, size < 8, bits & (1 << UInt64(size * 8 - 1)) != 0 {
                values.append(Int64(bitPattern: bits | (UInt64.max << UInt64(size * 8))))
            } else {
                values.append(Int64(bitPattern: bits))
            }
        }
        return values
    }

    /// Every element as a String (fixed-length strings lose their padding).
    func strings(_ raw: ArraySlice<UInt8>, type: HDF5Datatype, count: Int) throws(IOError) -> [String] {
        let reader = ByteReader(raw)
        switch type {
        case let .string(size):
            try reader.checkBounds(at: 0, count: count * size)
            var values: [String] = []
            for index in 0..<count {
                var bytes = try reader.getSlice(at: index * size, count: size)
                if let end = bytes.firstIndex(of: 0) { bytes = bytes[..<end] }
                while let last = bytes.last, last == 0x20 { bytes = bytes.dropLast() }
                values.append(String(decoding: bytes, as: UTF8.self))
            }
            return values
        case .variableLengthString:
            let stride = type.storedSize(context)
            try reader.checkBounds(at: 0, count: count * stride)
            var heap = HDF5GlobalHeap(context: context)
            var values: [String] = []
            for index in 0..<count {
                let base = index * stride
                let length = Int(try reader.getUInt32(at: base, endianness: .little))
                let address = try Self.unsigned(reader, at: base + 4, size: context.offsetSize, endianness: .little)
                let objectIndex = try reader.getUInt32(at: base + 4 + context.offsetSize, endianness: .little)
                if length == 0 && address == 0 {
                    values.append("")
                    continue
                }
                let bytes = try heap.object(address: address, index: objectIndex, path: path)
                guard length <= bytes.count else {
                    throw .invalidHDF5(path: path, reason: "variable-length string of \(length) bytes "
                        + "in a \(bytes.count)-byte heap object")
                }
                var text = bytes.prefix(length)
                if let end = text.firstIndex(of: 0) { text = text[..<end] }
                values.append(String(decoding: text, as: UTF8.self))
            }
            return values
        default:
            throw .typeMismatch(expected: "string HDF5 data at '\(path)'", actual: "\(type)")
        }
    }

    static func unsigned(_ reader: ByteReader, at offset: Int, size: Int, endianness: Endianness) throws(IOError) -> UInt64 {
        switch size {
        case 1: return UInt64(try reader.getUInt8(at: offset))
        case 2: return UInt64(try reader.getUInt16(at: offset, endianness: endianness))
        case 4: return UInt64(try reader.getUInt32(at: offset, endianness: endianness))
        case 8: return try reader.getUInt64(at: offset, endianness: endianness)
        default:
            try reader.checkBounds(at: offset, count: size)
            var value: UInt64 = 0
            for index in 0..<min(size, 8) {
                let byte = UInt64(try reader.getUInt8(at: offset + index))
                let shift = endianness == .little ? index : size - 1 - index
                value |= byte << UInt64(8 * shift)
            }
            return value
        }
    }
}

extension HDF5Datatype {
    /// The integer type behind an integer or enum datatype.
    var integerBase: HDF5Datatype? {
        switch self {
        case .fixedPoint: return self
        case let .enumeration(base): return base.integerBase
        default: return nil
        }
    }
}
