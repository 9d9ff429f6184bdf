/// One message of an object header: its type, flags, and where its body lies.
struct HDF5Message: Sendable {
    let type: HDF5MessageType
    let flags: UInt8
    /// Absolute offset of the message body.
    let offset: Int
    let size: Int

    /// Bit 1 of the flags: the body is a reference to a shared message elsewhere.
    var isShared: Bool { flags & 0x02 != 0 }

    func body(_ context: HDF5Context) throws(IOError) -> ArraySlice<UInt8> {
        try context.reader.getSlice(at: offset, count: size)
    }
}
