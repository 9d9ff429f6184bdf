/// The global heap collections ("GCOL", File Format Specification §III.E) holding the
/// bytes of every variable-length string attribute, laid out before any object is
/// written so attribute messages can point into them.
///
/// Strings are gathered per attribute, keyed by "object path@attribute name"; an empty
/// string gets no heap object (length 0 and address 0, as the library stores it).
struct HDF5GlobalHeapWriter {
    /// How one string element refers to its bytes.
    struct Reference: Hashable {
        let length: UInt32
        let collection: UInt64
        let index: UInt16

        static let empty = Reference(length: 0, collection: 0, index: 0)
    }

    private static let collectionHeaderSize = 8 + HDF5WriterLimits.lengthSize
    private static let objectHeaderSize = 8 + HDF5WriterLimits.lengthSize

    private(set) var references: [String: [Reference]] = [:]
    /// The collections, back to back, to be placed at the address given to `init`.
    private(set) var bytes: [UInt8] = []

    /// Gathers the strings of every variable-length string attribute under `root`.
    init(root: HDF5WriterGroup, address: Int) throws(IOError) {
        var pending: [(key: String, strings: [[UInt8]])] = []
        Self.gather(root, path: "/", into: &pending)

        var out = ByteWriter()
        var collection = Collection()
        for (key, strings) in pending {
            var refs: [Reference] = []
            for string in strings {
                guard !string.isEmpty else {
                    refs.append(.empty)
                    continue
                }
                guard string.count <= Int(UInt32.max) else {
                    throw .cannotWrite(format: HDF5Writer.format, item: key, reason:
                        "a string of \(string.count) bytes (variable-length strings hold at most 4 GiB)")
                }
                if collection.objects.count == HDF5WriterLimits.maxGlobalHeapObjects {
                    collection.write(to: &out)
                    collection = Collection()
                }
                collection.objects.append(string)
                refs.append(Reference(length: UInt32(string.count), collection: UInt64(address + out.count),
                                      index: UInt16(collection.objects.count)))
            }
            references[key] = refs
        }
        if !collection.objects.isEmpty { collection.write(to: &out) }
        bytes = out.bytes
    }

    /// One collection: objects numbered from 1, then a free-space object (index 0) that
    /// runs to the end, which is at least `minGlobalHeapCollectionSize` from the start.
    private struct Collection {
        var objects: [[UInt8]] = []

        func write(to out: inout ByteWriter) {
            let used = objects.reduce(collectionHeaderSize) { $0 + objectHeaderSize + (($1.count + 7) & ~7) }
            let size = max(HDF5WriterLimits.minGlobalHeapCollectionSize, used + objectHeaderSize)
            let start = out.count
            out.writeUTF8("GCOL")
            out.writeUInt8(1)  // version
            out.writeRepeating(0, count: 3)
            out.writeUInt64(UInt64(size), endianness: .little)
            for (number, object) in objects.enumerated() {
                writeObjectHeader(index: UInt16(number + 1), size: object.count, to: &out)
                out.writeBytes(object)
                out.pad(toMultipleOf: 8)
            }
            // The free-space object's size counts its own header.
            writeObjectHeader(index: 0, size: size - (out.count - start), to: &out)
            out.writeRepeating(0, count: size - (out.count - start))
        }

        private func writeObjectHeader(index: UInt16, size: Int, to out: inout ByteWriter) {
            out.writeUInt16(index, endianness: .little)
            out.writeUInt16(0, endianness: .little)  // reference count, unused for attribute data
            out.writeUInt32(0, endianness: .little)  // reserved
            out.writeUInt64(UInt64(size), endianness: .little)
        }
    }

    /// Every variable-length string attribute in the tree, in writing order.
    private static func gather(_ group: HDF5WriterGroup, path: String,
                               into pending: inout [(key: String, strings: [[UInt8]])]) {
        gather(group.attributes, path: path, into: &pending)
        for name in group.childNames {
            let childPath = HDF5WriterNames.join(path, name)
            switch group[name] {
            case .group(let child)?: gather(child, path: childPath, into: &pending)
            case .dataset(let dataset)?: gather(dataset.attributes, path: childPath, into: &pending)
            case nil: break
            }
        }
    }

    private static func gather(_ attributes: [HDF5WriterAttribute], path: String,
                               into pending: inout [(key: String, strings: [[UInt8]])]) {
        for attribute in attributes {
            switch attribute.value {
            case .string(let string):
                pending.append((key(path, attribute.name), [Array(string.utf8)]))
            case .strings(let strings):
                pending.append((key(path, attribute.name), strings.map { Array($0.utf8) }))
            case .fixedString, .fixedStrings, .array:
                break
            }
        }
    }

    static func key(_ path: String, _ attribute: String) -> String { path + "@" + attribute }
}
