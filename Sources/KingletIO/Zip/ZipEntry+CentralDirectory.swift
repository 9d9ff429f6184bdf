// Reading a ZipEntry from its central-directory record (APPNOTE.TXT §4.3.12) and the
// ZIP64 extended-information extra field (§4.5.3).
extension ZipEntry {
    static let centralDirectoryRecordSize = 46
    private static let zip64ExtraFieldID: UInt16 = 0x0001

    /// Reads the record at `offset`; returns the entry and the offset just past the record.
    static func read(centralDirectoryAt offset: Int, from reader: ByteReader, limit: Int)
        throws(IOError) -> (entry: ZipEntry, next: Int)
    {
        guard offset <= limit - centralDirectoryRecordSize else {
            throw .invalidZip(entry: nil, offset: offset, reason: "central directory record runs past its end at \(limit)")
        }
        let signature = try reader.getUInt32(at: offset, endianness: .little)
        guard signature == ZipSignature.centralDirectoryHeader else {
            throw .invalidZip(entry: nil, offset: offset, reason:
                "expected a central directory record (signature \(ZipSignature.centralDirectoryHeader.hexDescription)), "
                + "found \(signature.hexDescription)")
        }
        let flags = try reader.getUInt16(at: offset + 8, endianness: .little)
        let method = try reader.getUInt16(at: offset + 10, endianness: .little)
        let crc = try reader.getUInt32(at: offset + 16, endianness: .little)
        var compressedSize = UInt64(try reader.getUInt32(at: offset + 20, endianness: .little))
        var uncompressedSize = UInt64(try reader.getUInt32(at: offset + 24, endianness: .little))
        let nameLength = Int(try reader.getUInt16(at: offset + 28, endianness: .little))
        let extraLength = Int(try reader.getUInt16(at: offset + 30, endianness: .little))
        let commentLength = Int(try reader.getUInt16(at: offset + 32, endianness: .little))
        let diskStart = try reader.getUInt16(at: offset + 34, endianness: .little)
        var localHeaderOffset = UInt64(try reader.getUInt32(at: offset + 42, endianness: .little))

        let next = offset + centralDirectoryRecordSize + nameLength + extraLength + commentLength
        guard next <= limit else {
            throw .invalidZip(entry: nil, offset: offset, reason:
                "central directory record (\(next - offset) bytes) runs past its end at \(limit)")
        }
        let nameBytes = try reader.getSlice(at: offset + centralDirectoryRecordSize, count: nameLength)
        let name = String(decoding: nameBytes, as: UTF8.self)
        let extra = try reader.getSlice(at: offset + centralDirectoryRecordSize + nameLength, count: extraLength)

        // A field holding all ones means "the real value is in the ZIP64 extra field",
        // which lists only those values, in this order.
        let needsUncompressed = uncompressedSize == 0xFFFF_FFFF
        let needsCompressed = compressedSize == 0xFFFF_FFFF
        let needsOffset = localHeaderOffset == 0xFFFF_FFFF
        var diskStartIsZip64 = diskStart == 0xFFFF
        if needsUncompressed || needsCompressed || needsOffset || diskStartIsZip64 {
            guard var field = try zip64Field(in: extra) else {
                throw .invalidZip(entry: name, offset: offset, reason:
                    "sizes or offset are marked as ZIP64 but the ZIP64 extra field is missing")
            }
            func next64() throws(IOError) -> UInt64 {
                guard field.readableBytes >= 8 else {
                    throw .invalidZip(entry: name, offset: offset, reason: "the ZIP64 extra field is too short")
                }
                return try field.readUInt64(endianness: .little)
            }
            if needsUncompressed { uncompressedSize = try next64() }
            if needsCompressed { compressedSize = try next64() }
            if needsOffset { localHeaderOffset = try next64() }
            if diskStartIsZip64, field.readableBytes >= 4 {
                diskStartIsZip64 = try field.readUInt32(endianness: .little) != 0
            }
        }
        guard diskStart == 0 || (diskStart == 0xFFFF && !diskStartIsZip64) else {
            throw .unsupportedZip(entry: name, reason: "the entry is on disk \(diskStart) of a multi-disk archive")
        }
        let entry = ZipEntry(
            name: name,
            method: ZipCompressionMethod(rawValue: method),
            flags: flags,
            crc32: crc,
            compressedSize: try ZipEndOfCentralDirectory.int(compressedSize, at: offset + 20),
            uncompressedSize: try ZipEndOfCentralDirectory.int(uncompressedSize, at: offset + 24),
            localHeaderOffset: try ZipEndOfCentralDirectory.int(localHeaderOffset, at: offset + 42)
        )
        return (entry, next)
    }

    /// A reader over the data of the ZIP64 extra field, if `extra` has one.
    private static func zip64Field(in extra: ArraySlice<UInt8>) throws(IOError) -> ByteReader? {
        var reader = ByteReader(extra)
        while reader.readableBytes >= 4 {
            let id = try reader.readUInt16(endianness: .little)
            let size = Int(try reader.readUInt16(endianness: .little))
            guard size <= reader.readableBytes else { return nil }
            let data = try reader.readSlice(count: size)
            if id == zip64ExtraFieldID { return ByteReader(data) }
        }
        return nil
    }
}
