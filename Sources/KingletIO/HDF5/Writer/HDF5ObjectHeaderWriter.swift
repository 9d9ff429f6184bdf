/// Collects the messages of one version 1 object header and writes it (File Format
/// Specification §IV.A.1.a): a 16-byte prefix, then messages each 8-byte aligned.
struct HDF5ObjectHeaderWriter {
    /// The object's path, for errors.
    let path: String
    private var messages = ByteWriter()
    private var count = 0

    init(path: String) {
        self.path = path
    }

    /// Appends a message; `what` names it in errors.
    mutating func add(_ type: HDF5MessageType, _ body: [UInt8], flags: UInt8 = 0, what: String) throws(IOError) {
        let padded = (body.count + 7) & ~7
        guard padded <= HDF5WriterLimits.maxMessageSize else {
            throw .cannotWrite(format: HDF5Writer.format, item: path, reason:
                "\(what) takes \(body.count) bytes; a version 1 object header message holds at most "
                + "\(HDF5WriterLimits.maxMessageSize)")
        }
        guard count < HDF5WriterLimits.maxMessages else {
            throw .cannotWrite(format: HDF5Writer.format, item: path, reason:
                "more than \(HDF5WriterLimits.maxMessages) header messages (attributes) on one object")
        }
        messages.writeUInt16(type.rawValue, endianness: .little)
        messages.writeUInt16(UInt16(padded), endianness: .little)
        messages.writeUInt8(flags)
        messages.writeRepeating(0, count: 3)
        messages.writeBytes(body)
        messages.writeRepeating(0, count: padded - body.count)
        count += 1
    }

    /// Writes the header at the next 8-byte boundary of `out`; returns its address.
    func write(to out: inout ByteWriter) throws(IOError) -> UInt64 {
        guard messages.count <= Int(UInt32.max) else {
            throw .cannotWrite(format: HDF5Writer.format, item: path, reason: "object header larger than 4 GiB")
        }
        out.pad(toMultipleOf: 8)
        let address = UInt64(out.count)
        out.writeUInt8(1)  // version
        out.writeUInt8(0)  // reserved
        out.writeUInt16(UInt16(count), endianness: .little)
        out.writeUInt32(1, endianness: .little)  // object reference count: one link
        out.writeUInt32(UInt32(messages.count), endianness: .little)
        out.writeUInt32(0, endianness: .little)  // pads the prefix so messages start 8-aligned
        out.writeBytes(messages.bytes)
        return address
    }
}
