/// A zip archive read from memory: its central directory up front, each entry's bytes on
/// request (APPNOTE.TXT; Keras 3 `.keras` files are such archives).
///
/// Reads stored (method 0) and deflated (method 8) entries, ZIP64 sizes and offsets, and
/// entries written with data descriptors. Whatever the bytes, reading never goes outside
/// the archive: a malformed archive throws `IOError.invalidZip` with an offset, and
/// features it does not read (encryption, other methods, multiple disks) throw
/// `IOError.unsupportedZip` naming the entry.
public struct ZipArchive: Sendable {
    private static let localHeaderSize = 30

    private let reader: ByteReader
    /// Entries in central-directory order (names may repeat; `entry(named:)` finds the first).
    public let entries: [ZipEntry]
    /// The archive comment, as raw bytes.
    public let comment: [UInt8]

    /// Reads the end-of-central-directory record and every central-directory entry.
    public init(bytes: [UInt8]) throws(IOError) {
        reader = ByteReader(bytes)
        let end = try ZipEndOfCentralDirectory(reader)
        comment = Array(end.comment)
        var entries: [ZipEntry] = []
        entries.reserveCapacity(end.entryCount)
        var offset = end.centralDirectoryOffset
        let limit = end.centralDirectoryOffset + end.centralDirectorySize
        for _ in 0..<end.entryCount {
            let (entry, next) = try ZipEntry.read(centralDirectoryAt: offset, from: reader, limit: limit)
            entries.append(entry)
            offset = next
        }
        self.entries = entries
    }

    /// The first entry called `name`, if any.
    public func entry(named name: String) -> ZipEntry? {
        entries.first { $0.name == name }
    }

    /// The uncompressed bytes of `entry`, checked against its size and CRC-32.
    ///
    /// Decompression stops at the entry's declared uncompressed size, so callers wary of
    /// huge declared sizes should check `entry.uncompressedSize` first.
    public func data(for entry: ZipEntry) throws(IOError) -> [UInt8] {
        guard !entry.isEncrypted else {
            throw .unsupportedZip(entry: entry.name, reason: "encrypted entries are not supported")
        }
        guard entry.method.isSupported else {
            throw .unsupportedZip(entry: entry.name, reason:
                "compression method \(entry.method) is not supported (supported: 0 stored, 8 deflate)")
        }
        let compressed = try compressedData(for: entry)
        let dataOffset = compressed.startIndex
        let bytes: [UInt8]
        if entry.method == .stored {
            guard entry.compressedSize == entry.uncompressedSize else {
                throw .invalidZip(entry: entry.name, offset: dataOffset, reason:
                    "stored entry has compressed size \(entry.compressedSize) "
                    + "but uncompressed size \(entry.uncompressedSize)")
            }
            bytes = Array(compressed)
        } else {
            do throws(IOError) {
                bytes = try Inflate.inflate(compressed, expectedSize: entry.uncompressedSize,
                                            maxOutput: entry.uncompressedSize)
            } catch {
                switch error {
                case let .invalidDeflate(offset, reason):
                    throw .invalidZip(entry: entry.name, offset: dataOffset + offset,
                                      reason: "corrupt deflate data: \(reason)")
                case .decompressedSizeLimitExceeded:
                    throw .invalidZip(entry: entry.name, offset: dataOffset, reason:
                        "deflate data decodes to more than the declared \(entry.uncompressedSize) bytes")
                default:
                    throw error
                }
            }
        }
        let crc = CRC32.checksum(bytes)
        guard crc == entry.crc32 else {
            throw .invalidZip(entry: entry.name, offset: entry.localHeaderOffset, reason:
                "CRC-32 mismatch: the central directory says \(entry.crc32.hexDescription), "
                + "the data gives \(crc.hexDescription)")
        }
        return bytes
    }

    /// The entry's compressed bytes, found through its local file header (§4.3.7), whose
    /// own sizes are ignored: they are zero when a data descriptor follows the data.
    private func compressedData(for entry: ZipEntry) throws(IOError) -> ArraySlice<UInt8> {
        let header = entry.localHeaderOffset
        guard header <= reader.count - Self.localHeaderSize,
              try reader.getUInt32(at: header, endianness: .little) == ZipSignature.localFileHeader else {
            throw .invalidZip(entry: entry.name, offset: header, reason: "no local file header at this offset")
        }
        let nameLength = Int(try reader.getUInt16(at: header + 26, endianness: .little))
        let extraLength = Int(try reader.getUInt16(at: header + 28, endianness: .little))
        let start = header + Self.localHeaderSize + nameLength + extraLength
        guard start <= reader.count, entry.compressedSize <= reader.count - start else {
            throw .invalidZip(entry: entry.name, offset: header, reason:
                "the \(entry.compressedSize) bytes of data at offset \(start) run past the end "
                + "of the \(reader.count)-byte archive")
        }
        return try reader.getSlice(at: start, count: entry.compressedSize)
    }
}
