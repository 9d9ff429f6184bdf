/// Schema-less, bounds-checked access to a FlatBuffer.
///
/// The reader knows the wire format (root offset, tables with vtables, vectors, strings,
/// unions) but no schema: callers ask for field ids and say what type they expect. Every
/// offset and length is checked against the buffer before it is used, and hostile input
/// produces an `IOError`, never a trap or an out-of-bounds read.
///
/// A reader is a short-lived object for one decoding pass: it counts the tables it opens
/// and the bytes it copies out, and stops at `limits`. It is a class so that the tables,
/// vectors and unions it hands out share those counters.
public final class FlatBufferReader {
    /// The whole buffer, root offset at 0.
    public let buffer: ByteReader
    public let limits: FlatBufferLimits

    /// Tables opened so far (checked against `limits.maxTables`).
    public private(set) var tablesOpened = 0
    /// Bytes copied out so far (checked against the decoded-bytes limit).
    public private(set) var bytesDecoded = 0
    private let maxDecodedBytes: Int

    public convenience init(bytes: [UInt8], limits: FlatBufferLimits = .default) {
        self.init(bytes: bytes[...], limits: limits)
    }

    public init(bytes: ArraySlice<UInt8>, limits: FlatBufferLimits = .default) {
        buffer = ByteReader(bytes)
        self.limits = limits
        let (scaled, overflow) = bytes.count.multipliedReportingOverflow(by: 4)
        maxDecodedBytes = limits.maxDecodedBytes ?? (overflow ? Int.max : scaled + (1 << 20))
    }

    /// Size of the buffer in bytes.
    public var count: Int { buffer.count }

    /// The four bytes after the root offset, or `nil` if the buffer is shorter than 8 bytes.
    /// Schemas with a `file_identifier` store it there.
    public var fileIdentifier: [UInt8]? {
        try? buffer.getBytes(at: 4, count: 4)
    }

    /// Whether bytes 4..<8 spell `identifier` (4 ASCII characters).
    public func hasFileIdentifier(_ identifier: String) -> Bool {
        fileIdentifier == Array(identifier.utf8)
    }

    /// The table the root offset at byte 0 points to.
    public func rootTable() throws(IOError) -> FlatBufferTable {
        let rootOffset = try buffer.getUInt32(at: 0, endianness: .little)
        guard rootOffset != 0 else {
            throw .invalidFlatBuffer(offset: 0, field: nil, reason: "root offset is 0")
        }
        return try table(at: Int(rootOffset), depth: 0)
    }

    /// A copy of `count` bytes at `offset`, counted against the decode limit. For formats
    /// that keep large data outside the FlatBuffer and refer to it by offset and size.
    public func copyBytes(at offset: Int, count byteCount: Int) throws(IOError) -> [UInt8] {
        try buffer.checkBounds(at: offset, count: byteCount)
        try charge(byteCount)
        return try buffer.getBytes(at: offset, count: byteCount)
    }

    // MARK: Building blocks for tables, vectors and unions

    /// Follows the unsigned 32-bit offset stored at `position` (relative to `position`).
    /// `field` names the table field holding it, for error messages.
    func followOffset(at position: Int, table: Int, field: Int?) throws(IOError) -> Int {
        let relative = try buffer.getUInt32(at: position, endianness: .little)
        guard relative != 0 else {
            throw .invalidFlatBuffer(offset: table, field: field,
                                     reason: "offset at \(position) is 0 (points at itself)")
        }
        let target = position + Int(relative)
        guard target < count else {
            throw .invalidFlatBuffer(
                offset: table, field: field,
                reason: "offset at \(position) points to \(target), past the end of the \(count)-byte buffer")
        }
        return target
    }

    /// Opens the table at `position`, checking its vtable.
    func table(at position: Int, depth: Int) throws(IOError) -> FlatBufferTable {
        guard depth <= limits.maxDepth else {
            throw .flatBufferLimitExceeded(limit: "nesting depth", value: limits.maxDepth)
        }
        tablesOpened += 1
        guard tablesOpened <= limits.maxTables else {
            throw .flatBufferLimitExceeded(limit: "table count", value: limits.maxTables)
        }
        guard position >= 0, position <= count - 4 else {
            throw .invalidFlatBuffer(offset: position, field: nil,
                                     reason: "table starts past the end of the \(count)-byte buffer")
        }
        let vtableDistance = try buffer.getInt32(at: position, endianness: .little)
        let vtable = position - Int(vtableDistance)
        guard vtable >= 0, vtable <= count - 4 else {
            throw .invalidFlatBuffer(offset: position, field: nil,
                                     reason: "vtable offset \(vtableDistance) points to \(vtable), outside the \(count)-byte buffer")
        }
        let vtableSize = Int(try buffer.getUInt16(at: vtable, endianness: .little))
        let inlineSize = Int(try buffer.getUInt16(at: vtable + 2, endianness: .little))
        guard vtableSize >= 4, vtableSize % 2 == 0, vtableSize <= count - vtable else {
            throw .invalidFlatBuffer(offset: position, field: nil,
                                     reason: "vtable at \(vtable) has invalid size \(vtableSize) (needs an even size ≥ 4 inside the buffer)")
        }
        guard inlineSize >= 4, inlineSize <= count - position else {
            throw .invalidFlatBuffer(offset: position, field: nil,
                                     reason: "table size \(inlineSize) from vtable at \(vtable) is below 4 or runs past the end of the buffer")
        }
        return FlatBufferTable(reader: self, position: position, depth: depth,
                               vtable: vtable, vtableSize: vtableSize, inlineSize: inlineSize)
    }

    /// Opens the vector at `position`, checking that `elementSize`-byte elements fit.
    func vector(at position: Int, elementSize: Int, depth: Int, table: Int, field: Int?) throws(IOError) -> FlatBufferVector {
        precondition(elementSize > 0, "FlatBuffer vector element size must be positive")
        let length = try buffer.getUInt32(at: position, endianness: .little)
        let start = position + 4
        let (byteCount, overflow) = Int(length).multipliedReportingOverflow(by: elementSize)
        guard !overflow, byteCount <= count - start else {
            throw .invalidFlatBuffer(
                offset: table, field: field,
                reason: "vector at \(position) claims \(length) elements of \(elementSize) bytes, "
                    + "but only \(count - start) bytes remain")
        }
        return FlatBufferVector(reader: self, position: position, count: Int(length),
                                elementSize: elementSize, depth: depth)
    }

    /// Decodes the string at `position`: u32 length, bytes, and a NUL terminator.
    func string(at position: Int, table: Int, field: Int?) throws(IOError) -> String {
        let length = Int(try buffer.getUInt32(at: position, endianness: .little))
        let start = position + 4
        guard length < count - start else {
            throw .invalidFlatBuffer(
                offset: table, field: field,
                reason: "string at \(position) claims \(length) bytes plus a terminator, "
                    + "but only \(max(0, count - start)) bytes remain")
        }
        guard try buffer.getUInt8(at: start + length) == 0 else {
            throw .invalidFlatBuffer(offset: table, field: field,
                                     reason: "string at \(position) is not NUL-terminated")
        }
        try charge(length)
        let utf8 = try buffer.getSlice(at: start, count: length)
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw .invalidUTF8(offset: start, length: length)
        }
        return text
    }

    /// Records `byteCount` decoded bytes against the limit.
    func charge(_ byteCount: Int) throws(IOError) {
        bytesDecoded += byteCount
        guard bytesDecoded <= maxDecodedBytes else {
            throw .flatBufferLimitExceeded(limit: "decoded bytes", value: maxDecodedBytes)
        }
    }
}
