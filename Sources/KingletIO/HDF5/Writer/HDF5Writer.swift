/// Writes an HDF5 file in memory from a tree of groups, datasets and attributes, in the
/// layout h5py produces by default and Keras 3 uses for `model.weights.h5`.
///
/// ```swift
/// var writer = HDF5Writer()
/// try writer.root.withGroup(at: "layers/dense/vars") { vars in
///     try vars.setAttribute("name", .string("fc"))
///     try vars.add("0", HDF5WriterDataset(.float32(kernel, shape: [16, 5])))
/// }
/// let bytes = try writer.bytes()
/// ```
///
/// The file uses the oldest formats every HDF5 library since 1.8 reads: superblock
/// version 0, version 1 object headers, symbol-table groups (local heap, version 1
/// B-tree, symbol table nodes), contiguous datasets, and variable-length strings in
/// global heap collections. Output is deterministic: no timestamps are stored, and
/// links are written in the name order symbol tables require.
public struct HDF5Writer: Sendable {
    static let format = "HDF5 file"

    public var root: HDF5WriterGroup

    public init(root: HDF5WriterGroup = HDF5WriterGroup()) {
        self.root = root
    }

    /// The whole file. Throws `IOError.cannotWrite` for what the format cannot hold, such
    /// as an attribute larger than the 64 KiB an object header message allows.
    public func bytes() throws(IOError) -> [UInt8] {
        try HDF5FileAssembler.assemble(root)
    }
}
