/// Builds a zip archive in memory with every entry stored uncompressed (APPNOTE.TXT
/// method 0), the way Keras 3 writes `.keras` files.
///
/// ```swift
/// var zip = ZipWriter()
/// try zip.add("metadata.json", metadata)
/// try zip.add("config.json", config)
/// try zip.add("model.weights.h5", weights)
/// let archive = try zip.bytes()
/// ```
///
/// Output is deterministic: entries keep the order they were added in, and every entry
/// carries the same DOS timestamp (1980-01-01 00:00), so equal input gives equal bytes.
/// ZIP64 is not written: an entry, offset or directory past 4 GiB, or more than 65,534
/// entries, throws `IOError.cannotWrite` instead of producing an archive readers misread.
public struct ZipWriter: Sendable {
    private struct Member: Sendable {
        let name: [UInt8]
        let data: [UInt8]
        let crc32: UInt32
        /// General-purpose flags: bit 11 when the name is UTF-8 beyond ASCII.
        let flags: UInt16
    }

    static let format = "zip archive"
    private static let localHeaderSize = 30
    private static let centralRecordSize = 46
    private static let endRecordSize = 22
    /// 2.0: the version that introduced stored and deflated entries in folders.
    private static let versionNeeded: UInt16 = 20
    /// Upper byte 3 (Unix) so readers apply the permissions in the external attributes.
    private static let versionMadeBy: UInt16 = 3 << 8 | 20
    /// DOS date of 1980-01-01 (day 1, month 1, year 0 counted from 1980), time 00:00:00.
    private static let dosDate: UInt16 = 1 << 5 | 1
    private static let dosTime: UInt16 = 0
    /// A regular file, rw-r--r--, in the upper half (Unix mode); directories get rwxr-xr-x.
    private static let fileAttributes: UInt32 = 0o100644 << 16
    private static let directoryAttributes: UInt32 = 0o040755 << 16 | 0x10
    /// 32-bit fields hold at most this; the all-ones value means "see the ZIP64 record".
    private static let maxSize = Int(UInt32.max) - 1
    /// The 16-bit entry count's all-ones value likewise belongs to ZIP64.
    private static let maxEntries = Int(UInt16.max) - 1

    private var members: [Member] = []
    private var names: Set<[UInt8]> = []
    /// Where the next local header will start.
    private var nextOffset = 0

    public init() {}

    /// Names of the entries added so far, in order.
    public var entryNames: [String] { members.map { String(decoding: $0.name, as: UTF8.self) } }

    /// Appends an entry. `name` is a relative path with "/" separators ("assets/a.txt"); a
    /// name ending in "/" is a directory and must have no bytes. Throws for an empty,
    /// absolute, duplicate or over-long name, a name with "\\", NUL or a ".." component,
    /// and for sizes beyond what a zip without ZIP64 can record.
    public mutating func add(_ name: String, _ bytes: [UInt8]) throws(IOError) {
        let encoded = Array(name.utf8)
        try Self.validate(name: name, encoded: encoded, isEmpty: bytes.isEmpty)
        guard !names.contains(encoded) else {
            throw .cannotWrite(format: Self.format, item: name, reason: "an entry of this name was already added")
        }
        guard members.count < Self.maxEntries else {
            throw .cannotWrite(format: Self.format, item: name, reason:
                "more than \(Self.maxEntries) entries need ZIP64, which ZipWriter does not write")
        }
        guard bytes.count <= Self.maxSize else {
            throw .cannotWrite(format: Self.format, item: name, reason:
                "\(bytes.count) bytes is more than the \(Self.maxSize) a zip entry without ZIP64 can hold")
        }
        guard nextOffset <= Self.maxSize else {
            throw .cannotWrite(format: Self.format, item: name, reason:
                "the entry would start at offset \(nextOffset), past the 4 GiB a zip without ZIP64 can address")
        }
        let isASCII = encoded.allSatisfy { $0 < 0x80 }
        members.append(Member(name: encoded, data: bytes, crc32: CRC32.checksum(bytes),
                              flags: isASCII ? 0 : 0x0800))
        names.insert(encoded)
        nextOffset += Self.localHeaderSize + encoded.count + bytes.count
    }

    /// The whole archive: each local header and its data, the central directory, and the
    /// end-of-central-directory record (APPNOTE.TXT §4.3.7, §4.3.12, §4.3.16).
    public func bytes() throws(IOError) -> [UInt8] {
        let directorySize = members.reduce(0) { $0 + Self.centralRecordSize + $1.name.count }
        guard nextOffset <= Self.maxSize, directorySize <= Self.maxSize - nextOffset else {
            throw .cannotWrite(format: Self.format, item: "", reason:
                "the central directory would end at offset \(nextOffset + directorySize), "
                + "past the 4 GiB a zip without ZIP64 can address")
        }
        var out = ByteWriter(reservingCapacity: nextOffset + directorySize + Self.endRecordSize)
        var offsets: [UInt32] = []
        offsets.reserveCapacity(members.count)
        for member in members {
            offsets.append(UInt32(out.count))
            out.writeUInt32(ZipSignature.localFileHeader, endianness: .little)
            out.writeUInt16(Self.versionNeeded, endianness: .little)
            writeCommonFields(member, to: &out)
            out.writeUInt16(0, endianness: .little)  // extra field length
            out.writeBytes(member.name)
            out.writeBytes(member.data)
        }
        let directoryOffset = out.count
        for (member, offset) in zip(members, offsets) {
            out.writeUInt32(ZipSignature.centralDirectoryHeader, endianness: .little)
            out.writeUInt16(Self.versionMadeBy, endianness: .little)
            out.writeUInt16(Self.versionNeeded, endianness: .little)
            writeCommonFields(member, to: &out)
            out.writeUInt16(0, endianness: .little)  // extra field length
            out.writeUInt16(0, endianness: .little)  // comment length
            out.writeUInt16(0, endianness: .little)  // disk number start
            out.writeUInt16(0, endianness: .little)  // internal attributes
            let isDirectory = member.name.last == UInt8(ascii: "/")
            out.writeUInt32(isDirectory ? Self.directoryAttributes : Self.fileAttributes, endianness: .little)
            out.writeUInt32(offset, endianness: .little)
            out.writeBytes(member.name)
        }
        out.writeUInt32(ZipSignature.endOfCentralDirectory, endianness: .little)
        out.writeUInt16(0, endianness: .little)  // this disk
        out.writeUInt16(0, endianness: .little)  // disk holding the central directory
        out.writeUInt16(UInt16(members.count), endianness: .little)
        out.writeUInt16(UInt16(members.count), endianness: .little)
        out.writeUInt32(UInt32(directorySize), endianness: .little)
        out.writeUInt32(UInt32(directoryOffset), endianness: .little)
        out.writeUInt16(0, endianness: .little)  // comment length
        return out.bytes
    }

    /// The fields local header and central record share, from the flags to the name length.
    private func writeCommonFields(_ member: Member, to out: inout ByteWriter) {
        out.writeUInt16(member.flags, endianness: .little)
        out.writeUInt16(ZipCompressionMethod.stored.rawValue, endianness: .little)
        out.writeUInt16(Self.dosTime, endianness: .little)
        out.writeUInt16(Self.dosDate, endianness: .little)
        out.writeUInt32(member.crc32, endianness: .little)
        out.writeUInt32(UInt32(member.data.count), endianness: .little)  // compressed size
        out.writeUInt32(UInt32(member.data.count), endianness: .little)  // uncompressed size
        out.writeUInt16(UInt16(member.name.count), endianness: .little)
    }

    /// APPNOTE.TXT §4.4.17: relative paths, forward slashes only.
    private static func validate(name: String, encoded: [UInt8], isEmpty: Bool) throws(IOError) {
        func refuse(_ reason: String) -> IOError { .cannotWrite(format: format, item: name, reason: reason) }
        guard !encoded.isEmpty else { throw refuse("entry names must not be empty") }
        guard encoded.count <= Int(UInt16.max) else {
            throw refuse("the name is \(encoded.count) bytes of UTF-8 (at most \(UInt16.max))")
        }
        guard !encoded.contains(0) else { throw refuse("entry names must not contain NUL") }
        guard !encoded.contains(UInt8(ascii: "\\")) else {
            throw refuse("entry names use '/' as separator and must not contain '\\'")
        }
        guard encoded.first != UInt8(ascii: "/") else { throw refuse("entry names must be relative (no leading '/')") }
        guard !name.split(separator: "/", omittingEmptySubsequences: false).contains("..") else {
            throw refuse("entry names must not contain a '..' component")
        }
        guard encoded.last != UInt8(ascii: "/") || isEmpty else {
            throw refuse("a directory entry (name ending in '/') cannot hold data")
        }
    }
}
