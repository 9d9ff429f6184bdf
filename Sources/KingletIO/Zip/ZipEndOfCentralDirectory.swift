/// Where the central directory is and how many entries it holds, from the
/// end-of-central-directory record and, when present, its ZIP64 counterpart
/// (APPNOTE.TXT §4.3.14-4.3.16).
struct ZipEndOfCentralDirectory {
    static let recordSize = 22
    static let locatorSize = 20
    static let zip64RecordSize = 56
    /// The record is followed by a comment of at most this many bytes.
    static let maxCommentLength = 0xFFFF

    let entryCount: Int
    let centralDirectoryOffset: Int
    let centralDirectorySize: Int
    /// The central directory must end before this offset (the first end record).
    let centralDirectoryLimit: Int
    let comment: ArraySlice<UInt8>

    /// Finds the record by searching backwards from the end. A candidate counts only if
    /// its comment length reaches exactly to the end of the file, so a signature inside
    /// the comment, or a truncated file, is not mistaken for the record.
    init(_ reader: ByteReader) throws(IOError) {
        let count = reader.count
        guard count >= Self.recordSize else {
            throw .invalidZip(entry: nil, offset: 0, reason:
                "the file is \(count) bytes, too short for a zip archive (at least \(Self.recordSize))")
        }
        let lowest = max(0, count - Self.recordSize - Self.maxCommentLength)
        var candidate = count - Self.recordSize
        var found: Int?
        while candidate >= lowest {
            if try reader.getUInt32(at: candidate, endianness: .little) == ZipSignature.endOfCentralDirectory,
               try Int(reader.getUInt16(at: candidate + 20, endianness: .little))
                == count - candidate - Self.recordSize {
                found = candidate
                break
            }
            candidate -= 1
        }
        guard let record = found else {
            throw .invalidZip(entry: nil, offset: count, reason:
                "no end-of-central-directory record in the last \(count - lowest) bytes "
                + "(not a zip archive, or truncated)")
        }
        comment = try reader.getSlice(at: record + Self.recordSize, count: count - record - Self.recordSize)

        let locator = record - Self.locatorSize
        if locator >= 0,
           try reader.getUInt32(at: locator, endianness: .little) == ZipSignature.zip64EndOfCentralDirectoryLocator {
            let zip64Disk = try reader.getUInt32(at: locator + 4, endianness: .little)
            let zip64Offset = try Self.int(reader.getUInt64(at: locator + 8, endianness: .little), at: locator + 8)
            let diskCount = try reader.getUInt32(at: locator + 16, endianness: .little)
            guard zip64Disk == 0, diskCount <= 1 else {
                throw .unsupportedZip(entry: nil, reason: "multi-disk archives (\(diskCount) disks) are not supported")
            }
            guard zip64Offset <= locator - Self.zip64RecordSize,
                  try reader.getUInt32(at: zip64Offset, endianness: .little) == ZipSignature.zip64EndOfCentralDirectory
            else {
                throw .invalidZip(entry: nil, offset: locator, reason:
                    "the ZIP64 locator points to offset \(zip64Offset), where there is no ZIP64 end record")
            }
            let disk = try reader.getUInt32(at: zip64Offset + 16, endianness: .little)
            let directoryDisk = try reader.getUInt32(at: zip64Offset + 20, endianness: .little)
            guard disk == 0, directoryDisk == 0 else {
                throw .unsupportedZip(entry: nil, reason: "multi-disk archives are not supported")
            }
            entryCount = try Self.int(reader.getUInt64(at: zip64Offset + 32, endianness: .little), at: zip64Offset + 32)
            centralDirectorySize = try Self.int(reader.getUInt64(at: zip64Offset + 40, endianness: .little),
                                                at: zip64Offset + 40)
            centralDirectoryOffset = try Self.int(reader.getUInt64(at: zip64Offset + 48, endianness: .little),
                                                  at: zip64Offset + 48)
            centralDirectoryLimit = zip64Offset
        } else {
            let disk = try reader.getUInt16(at: record + 4, endianness: .little)
            let directoryDisk = try reader.getUInt16(at: record + 6, endianness: .little)
            guard disk == 0, directoryDisk == 0 else {
                throw .unsupportedZip(entry: nil, reason: "multi-disk archives are not supported")
            }
            entryCount = Int(try reader.getUInt16(at: record + 10, endianness: .little))
            centralDirectorySize = Int(try reader.getUInt32(at: record + 12, endianness: .little))
            centralDirectoryOffset = Int(try reader.getUInt32(at: record + 16, endianness: .little))
            centralDirectoryLimit = record
        }
        guard centralDirectoryOffset <= centralDirectoryLimit,
              centralDirectorySize <= centralDirectoryLimit - centralDirectoryOffset else {
            throw .invalidZip(entry: nil, offset: record, reason:
                "the central directory (\(centralDirectorySize) bytes at offset \(centralDirectoryOffset)) "
                + "does not end before the end record at \(centralDirectoryLimit)")
        }
        // Every central-directory record takes at least 46 bytes.
        guard entryCount <= centralDirectorySize / ZipEntry.centralDirectoryRecordSize else {
            throw .invalidZip(entry: nil, offset: record, reason:
                "\(entryCount) entries cannot fit in a \(centralDirectorySize)-byte central directory")
        }
    }

    /// `value` as an `Int`, or an error if a 64-bit field is too large to be an offset.
    static func int(_ value: UInt64, at offset: Int) throws(IOError) -> Int {
        guard let result = Int(exactly: value) else {
            throw .invalidZip(entry: nil, offset: offset, reason: "64-bit value \(value) is too large")
        }
        return result
    }
}
