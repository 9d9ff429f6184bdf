/// Bounds that keep a hostile file from making the reader loop, recurse or allocate
/// without end. Each is far above what h5py or Keras write.
enum HDF5Limits {
    /// Nesting of groups in a path walk and of datatypes inside datatypes.
    static let maxDepth = 64
    /// Object-header chunks (the first plus continuations) in one header.
    static let maxHeaderChunks = 4096
    /// Nodes visited in one B-tree or fractal heap walk.
    static let maxNodes = 1 << 20
    /// Bytes a dataset's decoded contents may take.
    static let maxDatasetBytes = 1 << 31
    /// Dimensions of a dataspace or chunk.
    static let maxRank = 32
}
