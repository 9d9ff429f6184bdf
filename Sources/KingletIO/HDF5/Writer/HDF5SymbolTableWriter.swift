/// Writes an old-style group's links (File Format Specification §III.A.1, §III.B,
/// §III.C): a local heap of names, symbol table nodes ("SNOD") holding the links in name
/// order, and a version 1 B-tree ("TREE", type 0) over the nodes.
///
/// Nodes are always written at their full capacity, since the library reads that many
/// bytes; a group with more links than one B-tree node can index gets more levels.
enum HDF5SymbolTableWriter {
    /// One link, as a symbol table entry will record it.
    struct Link {
        let name: [UInt8]
        let headerAddress: UInt64
        /// For a child group, its B-tree and local heap, cached in the entry as the
        /// library does (cache type 1); nil for a dataset.
        let cachedTable: (btree: UInt64, heap: UInt64)?
    }

    private static let offsetSize = HDF5WriterLimits.offsetSize
    private static let lengthSize = HDF5WriterLimits.lengthSize
    private static let entrySize = 2 * offsetSize + 8 + 16
    private static let linksPerNode = 2 * HDF5WriterLimits.groupLeafK
    private static let nodeSize = 8 + linksPerNode * entrySize
    private static let childrenPerTreeNode = 2 * HDF5WriterLimits.groupInternalK
    private static let treeNodeSize = 8 + 2 * offsetSize + childrenPerTreeNode * offsetSize
        + (childrenPerTreeNode + 1) * lengthSize
    private static let localHeapHeaderSize = 8 + 2 * lengthSize + offsetSize
    /// The local heap's "no free block" value.
    private static let noFreeBlock: UInt64 = 1

    /// Writes heap, nodes and B-tree at 8-byte boundaries of `out`; returns where the
    /// B-tree's root and the heap are, for the group's symbol table message.
    static func write(_ links: [Link], to out: inout ByteWriter) -> (btree: UInt64, heap: UInt64) {
        // Lookups binary-search each node and compare with the B-tree keys by strcmp,
        // so links go in byte order.
        let sorted = links.sorted { $0.name.lexicographicallyPrecedes($1.name) }

        // The heap starts with the empty string, the key left of every name.
        var heapData = ByteWriter()
        heapData.writeRepeating(0, count: 8)
        var nameOffsets: [UInt64] = []
        for link in sorted {
            nameOffsets.append(UInt64(heapData.count))
            heapData.writeBytes(link.name)
            heapData.writeUInt8(0)
            heapData.pad(toMultipleOf: 8)
        }
        out.pad(toMultipleOf: 8)
        let heapAddress = UInt64(out.count)
        out.writeUTF8("HEAP")
        out.writeUInt8(0)  // version
        out.writeRepeating(0, count: 3)
        out.writeUInt64(UInt64(heapData.count), endianness: .little)
        out.writeUInt64(noFreeBlock, endianness: .little)
        out.writeUInt64(heapAddress + UInt64(localHeapHeaderSize), endianness: .little)
        out.writeBytes(heapData.bytes)

        // Symbol table nodes; each child of the B-tree is keyed by its largest name.
        var children: [(address: UInt64, lastName: UInt64)] = []
        for start in stride(from: 0, to: sorted.count, by: linksPerNode) {
            let end = min(start + linksPerNode, sorted.count)
            let nodeStart = out.count
            children.append((UInt64(nodeStart), nameOffsets[end - 1]))
            out.writeUTF8("SNOD")
            out.writeUInt8(1)  // version
            out.writeUInt8(0)  // reserved
            out.writeUInt16(UInt16(end - start), endianness: .little)
            for index in start..<end {
                writeEntry(sorted[index], nameOffset: nameOffsets[index], to: &out)
            }
            out.writeRepeating(0, count: nodeStart + nodeSize - out.count)
        }

        // B-tree levels from the leaves up; an empty group has one empty leaf.
        var level = 0
        while true {
            let groups: [[(address: UInt64, lastName: UInt64)]] = children.isEmpty ? [[]] : stride(from: 0, to: children.count, by: childrenPerTreeNode)
                .map { Array(children[$0..<min($0 + childrenPerTreeNode, children.count)]) }
            let firstNode = UInt64(out.count)
            var parents: [(address: UInt64, lastName: UInt64)] = []
            var leftKey: UInt64 = 0
            for (index, group) in groups.enumerated() {
                let address = firstNode + UInt64(index * treeNodeSize)
                let left = index == 0 ? HDF5WriterLimits.undefinedAddress : address - UInt64(treeNodeSize)
                let right = index == groups.count - 1 ? HDF5WriterLimits.undefinedAddress
                    : address + UInt64(treeNodeSize)
                out.writeUTF8("TREE")
                out.writeUInt8(0)  // type 0: group nodes
                out.writeUInt8(UInt8(level))
                out.writeUInt16(UInt16(group.count), endianness: .little)
                out.writeUInt64(left, endianness: .little)
                out.writeUInt64(right, endianness: .little)
                // Key i and key i+1 bound the names in child i: (left, right].
                out.writeUInt64(leftKey, endianness: .little)
                for child in group {
                    out.writeUInt64(child.address, endianness: .little)
                    out.writeUInt64(child.lastName, endianness: .little)
                }
                out.writeRepeating(0, count: Int(address) + treeNodeSize - out.count)
                if let last = group.last {
                    leftKey = last.lastName
                    parents.append((address, last.lastName))
                }
            }
            if groups.count == 1 {
                return (firstNode, heapAddress)
            }
            children = parents
            level += 1
        }
    }

    /// A symbol table entry: name offset, object header address, cache type and scratch pad.
    private static func writeEntry(_ link: Link, nameOffset: UInt64, to out: inout ByteWriter) {
        out.writeUInt64(nameOffset, endianness: .little)
        out.writeUInt64(link.headerAddress, endianness: .little)
        if let table = link.cachedTable {
            out.writeUInt32(1, endianness: .little)
            out.writeUInt32(0, endianness: .little)  // reserved
            out.writeUInt64(table.btree, endianness: .little)
            out.writeUInt64(table.heap, endianness: .little)
        } else {
            out.writeUInt32(0, endianness: .little)
            out.writeRepeating(0, count: 4 + 16)
        }
    }

    /// The root group's entry in the superblock: name offset 0, with its table cached.
    static func writeRootEntry(header: UInt64, btree: UInt64, heap: UInt64, to out: inout ByteWriter) {
        writeEntry(Link(name: [], headerAddress: header, cachedTable: (btree, heap)), nameOffset: 0, to: &out)
    }
}
