/// Lays out a whole file: the superblock, the global heap, then every object after the
/// objects it points to (children before their group, data before its dataset's header),
/// so each address is known when it is written and only the superblock is patched.
struct HDF5FileAssembler {
    private static let superblockSize = 96

    private var out = ByteWriter()
    private let strings: HDF5GlobalHeapWriter

    private init(strings: HDF5GlobalHeapWriter) {
        self.strings = strings
    }

    static func assemble(_ root: HDF5WriterGroup) throws(IOError) -> [UInt8] {
        let strings = try HDF5GlobalHeapWriter(root: root, address: superblockSize)
        var assembler = HDF5FileAssembler(strings: strings)
        assembler.out.writeRepeating(0, count: superblockSize)
        assembler.out.writeBytes(strings.bytes)
        let table = try assembler.writeGroup(root, path: "/")
        assembler.out.pad(toMultipleOf: 8)
        let superblock = Self.superblock(root: table, endOfFile: assembler.out.count)
        try assembler.out.setBytes(superblock, at: 0)
        return assembler.out.bytes
    }

    /// Superblock version 0 (File Format Specification §II.A): format versions, address
    /// sizes, the group node capacities, four addresses, then the root group's entry.
    private static func superblock(root: (header: UInt64, btree: UInt64, heap: UInt64), endOfFile: Int) -> [UInt8] {
        var out = ByteWriter(reservingCapacity: superblockSize)
        out.writeBytes(HDF5Superblock.signature)
        out.writeUInt8(0)  // superblock version
        out.writeUInt8(0)  // free-space storage version
        out.writeUInt8(0)  // root group symbol table entry version
        out.writeUInt8(0)  // reserved
        out.writeUInt8(0)  // shared header message format version
        out.writeUInt8(UInt8(HDF5WriterLimits.offsetSize))
        out.writeUInt8(UInt8(HDF5WriterLimits.lengthSize))
        out.writeUInt8(0)  // reserved
        out.writeUInt16(UInt16(HDF5WriterLimits.groupLeafK), endianness: .little)
        out.writeUInt16(UInt16(HDF5WriterLimits.groupInternalK), endianness: .little)
        out.writeUInt32(0, endianness: .little)  // file consistency flags
        out.writeUInt64(0, endianness: .little)  // base address
        out.writeUInt64(HDF5WriterLimits.undefinedAddress, endianness: .little)  // free-space info
        out.writeUInt64(UInt64(endOfFile), endianness: .little)
        out.writeUInt64(HDF5WriterLimits.undefinedAddress, endianness: .little)  // driver info
        HDF5SymbolTableWriter.writeRootEntry(header: root.header, btree: root.btree, heap: root.heap, to: &out)
        return out.bytes
    }

    /// Writes the group's children, its symbol table and its header.
    private mutating func writeGroup(_ group: HDF5WriterGroup, path: String)
        throws(IOError) -> (header: UInt64, btree: UInt64, heap: UInt64)
    {
        var links: [HDF5SymbolTableWriter.Link] = []
        for name in group.childNames {
            let childPath = HDF5WriterNames.join(path, name)
            switch group[name] {
            case .group(let child)?:
                let table = try writeGroup(child, path: childPath)
                links.append(.init(name: Array(name.utf8), headerAddress: table.header,
                                   cachedTable: (table.btree, table.heap)))
            case .dataset(let dataset)?:
                let header = try writeDataset(dataset, path: childPath)
                links.append(.init(name: Array(name.utf8), headerAddress: header, cachedTable: nil))
            case nil:
                continue
            }
        }
        let table = HDF5SymbolTableWriter.write(links, to: &out)
        var header = HDF5ObjectHeaderWriter(path: path)
        try header.add(.symbolTable, HDF5MessageEncoder.symbolTable(btree: table.btree, heap: table.heap),
                       what: "the symbol table message")
        try addAttributes(group.attributes, path: path, to: &header)
        return (try header.write(to: &out), table.btree, table.heap)
    }

    /// Writes the data (when there is any) and then the dataset's header.
    private mutating func writeDataset(_ dataset: HDF5WriterDataset, path: String) throws(IOError) -> UInt64 {
        let array = dataset.array
        var address = HDF5WriterLimits.undefinedAddress
        if !array.littleEndianBytes.isEmpty {
            out.pad(toMultipleOf: 8)
            address = UInt64(out.count)
            out.writeBytes(array.littleEndianBytes)
        }
        var header = HDF5ObjectHeaderWriter(path: path)
        try header.add(.dataspace, HDF5MessageEncoder.dataspace(array.shape), what: "the dataspace")
        // Flag 0x01: the message is constant, as the library marks a dataset's type.
        try header.add(.datatype, array.elementType.datatypeMessage, flags: 0x01, what: "the datatype")
        try header.add(.fillValue, HDF5MessageEncoder.defaultFillValue, flags: 0x01, what: "the fill value")
        try header.add(.dataLayout, HDF5MessageEncoder.contiguousLayout(address: address,
                                                                         size: array.littleEndianBytes.count),
                       what: "the data layout")
        try addAttributes(dataset.attributes, path: path, to: &header)
        return try header.write(to: &out)
    }

    private func addAttributes(_ attributes: [HDF5WriterAttribute], path: String,
                               to header: inout HDF5ObjectHeaderWriter) throws(IOError) {
        for attribute in attributes {
            let datatype: [UInt8]
            let shape: [Int]
            var data = ByteWriter()
            switch attribute.value {
            case .string, .strings:
                let references = strings.references[HDF5GlobalHeapWriter.key(path, attribute.name)] ?? []
                if case .string = attribute.value { shape = [] } else { shape = [references.count] }
                datatype = HDF5MessageEncoder.variableLengthString
                for reference in references {
                    data.writeUInt32(reference.length, endianness: .little)
                    data.writeUInt64(reference.collection, endianness: .little)
                    data.writeUInt32(UInt32(reference.index), endianness: .little)
                }
            case .fixedString(let string):
                datatype = Self.writeFixedStrings([string], to: &data)
                shape = []
            case .fixedStrings(let strings):
                datatype = Self.writeFixedStrings(strings, to: &data)
                shape = [strings.count]
            case .array(let array):
                datatype = array.elementType.datatypeMessage
                shape = array.shape
                data.writeBytes(array.littleEndianBytes)
            }
            let body = HDF5MessageEncoder.attribute(name: attribute.name, datatype: datatype, shape: shape,
                                                    data: data.bytes)
            try header.add(.attribute, body, what: "attribute '\(attribute.name)'")
        }
    }

    /// Writes `strings` null-padded to the longest (at least one byte, HDF5 has no empty
    /// type); returns their datatype, UTF-8 if any byte is outside ASCII.
    private static func writeFixedStrings(_ strings: [String], to data: inout ByteWriter) -> [UInt8] {
        let encoded = strings.map { Array($0.utf8) }
        let size = max(1, encoded.map(\.count).max() ?? 0)
        for string in encoded {
            data.writeBytes(string)
            data.writeRepeating(0, count: size - string.count)
        }
        let utf8 = encoded.contains { $0.contains { $0 >= 0x80 } }
        return HDF5MessageEncoder.fixedString(size: size, utf8: utf8)
    }
}
