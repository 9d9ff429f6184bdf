/// A named value attached to a group or dataset.
public struct HDF5Attribute: Sendable, Hashable {
    public let name: String
    public let datatype: HDF5Datatype
    public let dataspace: HDF5Dataspace
    public let value: HDF5AttributeValue

    /// Decodes an attribute message body (versions 1 to 3); `objectPath` is for errors.
    init(_ body: ArraySlice<UInt8>, context: HDF5Context, objectPath: String) throws(IOError) {
        let reader = ByteReader(body)
        let version = try reader.getUInt8(at: 0)
        let flags = try reader.getUInt8(at: 1)
        let nameSize = Int(try reader.getUInt16(at: 2, endianness: .little))
        let datatypeSize = Int(try reader.getUInt16(at: 4, endianness: .little))
        let dataspaceSize = Int(try reader.getUInt16(at: 6, endianness: .little))
        guard (1...3).contains(version) else {
            throw .unsupportedHDF5(path: objectPath, reason: "attribute message version \(version)")
        }
        guard version == 1 || flags & 0x03 == 0 else {
            throw .unsupportedHDF5(path: objectPath, reason: "attribute with a shared datatype or dataspace")
        }
        @inline(__always) func padded(_ size: Int) -> Int { version == 1 ? (size + 7) & ~7 : size }
        var cursor = version == 3 ? 9 : 8
        var nameBytes = try reader.getSlice(at: cursor, count: nameSize)
        if let end = nameBytes.firstIndex(of: 0) { nameBytes = nameBytes[..<end] }
        let name = String(decoding: nameBytes, as: UTF8.self)
        let path = objectPath + "@" + name
        cursor += padded(nameSize)
        let datatype = try HDF5Datatype(reader.getSlice(at: cursor, count: datatypeSize), path: path)
        cursor += padded(datatypeSize)
        let dataspace = try HDF5Dataspace(reader.getSlice(at: cursor, count: dataspaceSize),
                                          context: context, path: path)
        cursor += padded(dataspaceSize)
        try reader.checkBounds(at: cursor, count: 0)
        let data = try reader.getSlice(at: cursor, count: reader.count - cursor)
        let count = dataspace.elementCount
        let (needed, overflow) = count.multipliedReportingOverflow(by: datatype.storedSize(context))
        guard !overflow, needed <= data.count else {
            throw .invalidHDF5(path: path, reason: "attribute needs \(needed) bytes of data, "
                + "the message holds \(data.count)")
        }
        let decoder = HDF5ElementDecoder(context: context, path: path)
        let isScalar = dataspace.dimensions.isEmpty && !dataspace.isNull
        switch datatype {
        case .string, .variableLengthString:
            let strings = try decoder.strings(data, type: datatype, count: count)
            if isScalar, let only = strings.first {
                value = .string(only)
            } else {
                value = .strings(strings)
            }
        case .fixedPoint, .enumeration:
            value = .ints(try decoder.integers(data, type: datatype, count: count))
        case .floatingPoint:
            value = .numbers(try decoder.doubles(data, type: datatype, count: count))
        case let .other(typeClass, size):
            value = .unsupported("datatype class \(typeClass) (\(size) bytes)")
        }
        self.name = name
        self.datatype = datatype
        self.dataspace = dataspace
    }
}
