/// A read-only view of an HDF5 file held in memory: the subset h5py and Keras write.
///
/// ```swift
/// let file = try HDF5File(bytes: bytes)
/// let kernel = try file.root.dataset("model_weights/dense/dense/kernel")
/// let values = try kernel.floats()
/// let config = try file.root.attribute("model_config")?.value
/// ```
///
/// Supported: superblocks 0–3 (with a user block); object headers 1 and 2 with
/// continuations and checksums; symbol-table groups and link-message groups, compact or
/// dense (fractal heap + v2 B-tree); contiguous, compact and chunked datasets (v1 B-tree,
/// single-chunk, implicit and fixed-array indexes) with deflate, shuffle and fletcher32;
/// fixed-point, IEEE floating-point (any width), enum, fixed and variable-length string
/// datatypes; attributes in headers or dense storage. Anything else throws
/// `IOError.unsupportedHDF5` naming the object. Every read is bounds-checked: hostile
/// bytes produce an `IOError`, never a trap or an unbounded loop.
public struct HDF5File: Sendable {
    /// Superblock version (0 to 3).
    public let superblockVersion: Int
    public let root: HDF5Group

    public init(bytes: [UInt8]) throws(IOError) {
        let superblock = try HDF5Superblock(bytes: bytes)
        superblockVersion = superblock.version
        root = try HDF5Group(context: superblock.context, headerOffset: superblock.rootObjectHeader, path: "/")
    }
}
