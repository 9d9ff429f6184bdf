import KingletIO

/// Rebuilds an HDF5 file read by `HDF5File` as an `HDF5Writer` tree: same groups,
/// datasets (raw bytes) and attributes. Used to re-pack real Keras weight files.
enum HDF5TreeCopy {
    struct Unsupported: Error, CustomStringConvertible {
        let description: String
    }

    static func copy(_ file: HDF5File) throws -> HDF5Writer {
        HDF5Writer(root: try group(file.root))
    }

    static func group(_ source: HDF5Group) throws -> HDF5WriterGroup {
        var result = HDF5WriterGroup()
        for attribute in try source.attributes() {
            try result.setAttribute(attribute.name, value(of: attribute, at: source.path))
        }
        let children = try source.children()
        for name in try source.childNames() {
            switch children[name] {
            case .group(let child)?:
                try result.add(name, group(child))
            case .dataset(let dataset)?:
                var copy = HDF5WriterDataset(try array(dataset.datatype, shape: dataset.shape,
                                                       bytes: dataset.bytes(), at: dataset.path))
                for attribute in try dataset.attributes() {
                    try copy.setAttribute(attribute.name, value(of: attribute, at: dataset.path))
                }
                try result.add(name, copy)
            case nil:
                continue
            }
        }
        return result
    }

    static func elementType(_ datatype: HDF5Datatype, at path: String) throws -> HDF5WriterElementType {
        switch datatype {
        case .floatingPoint(4, .little, _): return .float32
        case .floatingPoint(8, .little, _): return .float64
        case .fixedPoint(4, true, .little): return .int32
        case .fixedPoint(8, true, .little): return .int64
        default: throw Unsupported(description: "\(path): datatype \(datatype)")
        }
    }

    static func array(_ datatype: HDF5Datatype, shape: [Int], bytes: [UInt8], at path: String) throws -> HDF5WriterArray {
        try HDF5WriterArray(elementType: elementType(datatype, at: path), shape: shape, littleEndianBytes: bytes)
    }

    static func value(of attribute: HDF5Attribute, at path: String) throws -> HDF5WriterAttributeValue {
        let shape = attribute.dataspace.dimensions
        switch (attribute.datatype, attribute.value) {
        case (.variableLengthString, .string(let string)): return .string(string)
        case (.variableLengthString, .strings(let strings)): return .strings(strings)
        case (.string, .string(let string)): return .fixedString(string)
        case (.string, .strings(let strings)): return .fixedStrings(strings)
        case (.floatingPoint(4, _, _), .numbers(let numbers)):
            return .array(try .float32(numbers.map(Float.init), shape: shape))
        case (.floatingPoint(8, _, _), .numbers(let numbers)):
            return .array(try .float64(numbers, shape: shape))
        case (.fixedPoint(4, true, _), .ints(let ints)):
            return .array(try .int32(ints.map { Int32(truncatingIfNeeded: $0) }, shape: shape))
        case (.fixedPoint(8, true, _), .ints(let ints)):
            return .array(try .int64(ints, shape: shape))
        default:
            throw Unsupported(description: "\(path)@\(attribute.name): \(attribute.datatype)")
        }
    }
}
