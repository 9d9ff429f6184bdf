/// Sizes the writer fixes for the whole file, and the limits of the structures it uses.
enum HDF5WriterLimits {
    /// Bytes in every stored address and length.
    static let offsetSize = 8
    static let lengthSize = 8
    /// The "undefined address": all bits set.
    static let undefinedAddress = UInt64.max
    /// Half the capacity of a symbol table node (the library's default, recorded in the
    /// superblock): each "SNOD" holds up to 8 links.
    static let groupLeafK = 4
    /// Half the capacity of a group B-tree node (the default): up to 32 children each.
    static let groupInternalK = 16
    /// A version 1 object header message stores its size in 16 bits, padded to 8.
    static let maxMessageSize = 0xFFF8
    /// A version 1 object header counts its messages in 16 bits.
    static let maxMessages = Int(UInt16.max)
    /// Global heap objects are numbered in 16 bits, and 0 marks free space.
    static let maxGlobalHeapObjects = Int(UInt16.max)
    /// The HDF5 library never makes a global heap collection smaller, and reads this
    /// much before it knows a collection's size.
    static let minGlobalHeapCollectionSize = 4096
}
