import KingletIO

/// What a reader should find in a file written from an `HDF5Writer` tree, derived from
/// the tree itself: every group's children, every dataset's type, shape and values, every
/// attribute's kind and value. `json` is the form `check_with_keras.py` reads.
enum HDF5WriterExpectation {
    /// `{"groups": {path: [names]}, "datasets": {path: {...}}, "attributes": {path: {name: {...}}}}`.
    static func json(for writer: HDF5Writer) -> [String: Any] {
        var groups: [String: Any] = [:]
        var datasets: [String: Any] = [:]
        var attributes: [String: Any] = [:]
        func visit(_ group: HDF5WriterGroup, path: String) {
            groups[path] = group.childNames
            attributes[path] = describe(group.attributes)
            for name in group.childNames {
                let childPath = path == "/" ? "/" + name : path + "/" + name
                switch group[name] {
                case .group(let child)?:
                    visit(child, path: childPath)
                case .dataset(let dataset)?:
                    datasets[childPath] = describe(dataset.array)
                    attributes[childPath] = describe(dataset.attributes)
                case nil:
                    break
                }
            }
        }
        visit(writer.root, path: "/")
        return ["groups": groups, "datasets": datasets, "attributes": attributes]
    }

    /// Floats also as hexadecimal bit patterns, which JSON keeps exactly (-0.0 included).
    static func describe(_ array: HDF5WriterArray) -> [String: Any] {
        var result: [String: Any] = ["dtype": "\(array.elementType)", "shape": array.shape, "values": values(array)]
        let size = array.elementType.size
        if array.elementType == .float32 || array.elementType == .float64 {
            result["bits"] = (0..<array.elementCount).map { index in
                "0x" + array.littleEndianBytes[(index * size)..<((index + 1) * size)].reversed()
                    .map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            }
        }
        return result
    }

    /// Every element as a Double (floats) or an Int (integers).
    static func values(_ array: HDF5WriterArray) -> [Any] {
        let bytes = array.littleEndianBytes
        func word(_ index: Int, _ size: Int) -> UInt64 {
            (0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[index * size + $1]) << (8 * UInt64($1)) }
        }
        return (0..<array.elementCount).map { index -> Any in
            switch array.elementType {
            case .float32: Double(Float(bitPattern: UInt32(word(index, 4))))
            case .float64: Double(bitPattern: word(index, 8))
            case .int32: Int(Int32(bitPattern: UInt32(word(index, 4))))
            case .int64: Int(Int64(bitPattern: word(index, 8)))
            }
        }
    }

    static func describe(_ attributes: [HDF5WriterAttribute]) -> [String: Any] {
        var result: [String: Any] = [:]
        for attribute in attributes {
            switch attribute.value {
            case .string(let string): result[attribute.name] = ["kind": "vlen", "shape": [Int](), "value": string]
            case .strings(let strings): result[attribute.name] = ["kind": "vlen", "shape": [strings.count], "value": strings]
            case .fixedString(let string): result[attribute.name] = ["kind": "fixed", "shape": [Int](), "value": string]
            case .fixedStrings(let strings):
                result[attribute.name] = ["kind": "fixed", "shape": [strings.count], "value": strings]
            case .array(let array): result[attribute.name] = ["kind": "array"].merging(describe(array)) { $1 }
            }
        }
        return result
    }

    /// The value our own reader decodes for an attribute written as `value`.
    static func readerValue(_ value: HDF5WriterAttributeValue) -> HDF5AttributeValue {
        switch value {
        case .string(let string), .fixedString(let string): return .string(string)
        case .strings(let strings), .fixedStrings(let strings): return .strings(strings)
        case .array(let array):
            let numbers = values(array)
            switch array.elementType {
            case .float32, .float64: return .numbers(numbers.compactMap { $0 as? Double })
            case .int32, .int64: return .ints(numbers.compactMap { ($0 as? Int).map(Int64.init) })
            }
        }
    }
}
