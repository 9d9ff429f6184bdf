/// A group to be written by `HDF5Writer`: named children (groups and datasets) in the
/// order they were added, plus attributes.
///
/// A value type: build a child group, then add it, or edit one in place through
/// `withGroup(at:_:)`, which also creates missing groups along a path.
public struct HDF5WriterGroup: Sendable, Hashable {
    /// Child names in the order they were added.
    public private(set) var childNames: [String] = []
    private var childrenByName: [String: HDF5WriterNode] = [:]
    /// In the order they were first set.
    public private(set) var attributes: [HDF5WriterAttribute] = []

    public init() {}

    public subscript(name: String) -> HDF5WriterNode? { childrenByName[name] }

    /// Adds a new child. Throws if `name` is taken or is not a valid link name (empty,
    /// ".", or containing "/" or NUL).
    public mutating func add(_ name: String, _ node: HDF5WriterNode) throws(IOError) {
        try HDF5WriterNames.validateLink(name, in: "/")
        guard childrenByName[name] == nil else {
            throw .cannotWrite(format: HDF5Writer.format, item: name, reason: "the group already has a child of this name")
        }
        childNames.append(name)
        childrenByName[name] = node
    }

    public mutating func add(_ name: String, _ group: HDF5WriterGroup) throws(IOError) {
        try add(name, .group(group))
    }

    public mutating func add(_ name: String, _ dataset: HDF5WriterDataset) throws(IOError) {
        try add(name, .dataset(dataset))
    }

    /// Sets (or replaces) the attribute `name`.
    public mutating func setAttribute(_ name: String, _ value: HDF5WriterAttributeValue) throws(IOError) {
        try attributes.set(name, value, on: "")
    }

    /// Runs `body` on the group at `path` ("layers/dense/vars", relative to this group;
    /// "" for this group itself), creating missing groups on the way; they stay even if
    /// `body` throws. Throws if a component names a dataset or is not a valid link name.
    public mutating func withGroup<Result>(
        at path: String, _ body: (inout HDF5WriterGroup) throws(IOError) -> Result
    ) throws(IOError) -> Result {
        let components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        return try withGroup(components[...], walked: "", body)
    }

    private mutating func withGroup<Result>(
        _ components: ArraySlice<String>, walked: String, _ body: (inout HDF5WriterGroup) throws(IOError) -> Result
    ) throws(IOError) -> Result {
        guard let name = components.first else { return try body(&self) }
        let childPath = walked + "/" + name
        var child: HDF5WriterGroup
        switch childrenByName[name] {
        case .group(let existing)?:
            child = existing
        case .dataset?:
            throw .cannotWrite(format: HDF5Writer.format, item: childPath, reason: "a dataset is in the way of a group")
        case nil:
            try HDF5WriterNames.validateLink(name, in: walked.isEmpty ? "/" : walked)
            childNames.append(name)
            child = HDF5WriterGroup()
        }
        // Take the child out while it is edited so it is not copied on write.
        childrenByName[name] = nil
        defer { childrenByName[name] = .group(child) }
        return try child.withGroup(components.dropFirst(), walked: childPath, body)
    }
}
