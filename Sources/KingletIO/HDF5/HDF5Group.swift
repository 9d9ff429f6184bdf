/// A group: named links to other groups and datasets, plus attributes.
///
/// Paths given to `object(_:)`, `group(_:)` and `dataset(_:)` are relative to this
/// group unless they start with "/"; soft links are followed (at most 64 per lookup).
public struct HDF5Group: Sendable {
    let context: HDF5Context
    let header: HDF5ObjectHeader
    /// Absolute offset of the root group's header, for absolute paths and soft links.
    let rootOffset: Int
    /// Where this group was reached, used in error messages.
    public let path: String

    init(context: HDF5Context, headerOffset: Int, path: String) throws(IOError) {
        let header = try HDF5ObjectHeader(context: context, offset: headerOffset, path: path)
        self.init(context: context, header: header, path: path, root: headerOffset)
    }

    init(context: HDF5Context, header: HDF5ObjectHeader, path: String, root: Int) {
        self.context = context
        self.header = header
        self.path = path
        self.rootOffset = root
    }

    /// Names of this group's links, sorted.
    public func childNames() throws(IOError) -> [String] {
        try links().map(\.name).sorted()
    }

    /// Every child, opened. Links this reader cannot follow (external links) are left out.
    public func children() throws(IOError) -> [String: HDF5Object] {
        var result: [String: HDF5Object] = [:]
        for link in try links() {
            if case .external = link.target { continue }
            result[link.name] = try object(link.name)
        }
        return result
    }

    /// The object at `path` ("a/b/c", or "/a/b" from the root).
    public func object(_ path: String) throws(IOError) -> HDF5Object {
        var hops = 0
        return try resolve(path, hops: &hops)
    }

    public func group(_ path: String) throws(IOError) -> HDF5Group {
        guard case let .group(group) = try object(path) else {
            throw .typeMismatch(expected: "a group at '\(join(path))'", actual: "a dataset")
        }
        return group
    }

    public func dataset(_ path: String) throws(IOError) -> HDF5Dataset {
        guard case let .dataset(dataset) = try object(path) else {
            throw .typeMismatch(expected: "a dataset at '\(join(path))'", actual: "a group")
        }
        return dataset
    }

    public func attributes() throws(IOError) -> [HDF5Attribute] {
        try HDF5AttributeReader.attributes(context: context, header: header, path: self.path)
    }

    public func attribute(_ name: String) throws(IOError) -> HDF5Attribute? {
        try attributes().first { $0.name == name }
    }

    // MARK: Links

    func links() throws(IOError) -> [HDF5Link] {
        if let table = header.first(.symbolTable) {
            return try HDF5SymbolTable.links(context: context, message: table.body(context), path: path)
        }
        var links: [HDF5Link] = []
        for message in header.all(.link) {
            links.append(try HDF5Link(message.body(context), context: context, path: path))
        }
        if let info = header.first(.linkInfo) {
            let reader = ByteReader(try info.body(context))
            let flags = try reader.getUInt8(at: 1)
            let heapField = 2 + (flags & 0x01 != 0 ? 8 : 0)
            let heapAddress = try reader.getUnsigned(at: heapField, size: context.offsetSize)
            let treeAddress = try reader.getUnsigned(at: heapField + context.offsetSize, size: context.offsetSize)
            let undefined: UInt64 = context.offsetSize == 8 ? .max : (1 << UInt64(context.offsetSize * 8)) - 1
            if heapAddress != undefined {
                let heap = try HDF5FractalHeap(context: context, address: heapAddress, path: path)
                // Link-name records (type 5): a 4-byte name hash, then the heap ID.
                for record in try HDF5BTree2.records(context: context, address: treeAddress, path: path) {
                    let id = record.dropFirst(4).prefix(heap.heapIDLength)
                    links.append(try HDF5Link(heap.object(id: id), context: context, path: path))
                }
            }
        }
        return links
    }

    private func join(_ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        return path.hasSuffix("/") ? path + relative : path + "/" + relative
    }

    private func resolve(_ relative: String, hops: inout Int) throws(IOError) -> HDF5Object {
        var current: HDF5Object = .group(self)
        var currentPath = relative.hasPrefix("/") ? "/" : path
        if relative.hasPrefix("/") {
            current = .group(try HDF5Group(context: context, headerOffset: rootOffset, path: "/"))
        }
        let components = relative.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard components.count <= HDF5Limits.maxDepth else {
            throw .unsupportedHDF5(path: relative, reason: "paths deeper than \(HDF5Limits.maxDepth)")
        }
        for name in components {
            guard case let .group(group) = current else {
                throw .typeMismatch(expected: "a group at '\(currentPath)'", actual: "a dataset")
            }
            let childPath = currentPath.hasSuffix("/") ? currentPath + name : currentPath + "/" + name
            guard let link = try group.links().first(where: { $0.name == name }) else {
                throw .invalidHDF5(path: childPath, reason: "no such object (the group has "
                    + "\((try? group.childNames())?.joined(separator: ", ") ?? "unreadable links"))")
            }
            switch link.target {
            case let .hard(address):
                let offset = try context.resolve(address, needed: 1, path: childPath, what: "object header")
                current = try HDF5Object(context: context, headerOffset: offset, path: childPath, root: rootOffset)
            case let .soft(target):
                hops += 1
                guard hops <= HDF5Limits.maxDepth else {
                    throw .invalidHDF5(path: childPath, reason: "more than \(HDF5Limits.maxDepth) soft links "
                        + "followed (a cycle?)")
                }
                current = try group.resolve(target, hops: &hops)
            case .external:
                throw .unsupportedHDF5(path: childPath, reason: "external links")
            }
            currentPath = childPath
        }
        return current
    }
}
