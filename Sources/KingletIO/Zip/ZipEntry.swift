/// One member of a zip archive, as its central-directory record describes it.
///
/// Sizes, CRC and offset come from the central directory (with ZIP64 values applied), so
/// they are right even for entries written with a trailing data descriptor.
public struct ZipEntry: Sendable, Hashable {
    /// The entry's path. UTF-8 when general-purpose flag bit 11 is set; other names (nominally
    /// CP437) are decoded as UTF-8 too, with invalid bytes replaced, which is exact for ASCII.
    public let name: String
    public let method: ZipCompressionMethod
    /// General-purpose bit flags (bit 0 encrypted, bit 3 data descriptor, bit 11 UTF-8).
    public let flags: UInt16
    /// CRC-32 of the uncompressed bytes.
    public let crc32: UInt32
    public let compressedSize: Int
    public let uncompressedSize: Int
    /// Offset of the entry's local file header in the archive.
    public let localHeaderOffset: Int

    public var isEncrypted: Bool { flags & 0x0001 != 0 }
    public var hasDataDescriptor: Bool { flags & 0x0008 != 0 }
    public var isDirectory: Bool { name.hasSuffix("/") }
}
