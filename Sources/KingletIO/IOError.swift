/// Everything that can go wrong while reading or writing bytes in KingletIO.
///
/// Offsets are byte positions relative to the start of the buffer being read, so a
/// message can be checked against a hex dump of the file.
public enum IOError: Error, Sendable, Hashable {
    /// A read or patch needed `needed` bytes at `offset`, but only `available` exist there.
    case outOfBounds(offset: Int, needed: Int, available: Int)

    /// A FlatBuffer structure is inconsistent. `field` is the field id inside the table at
    /// `offset` when the problem is tied to one field, and `nil` otherwise.
    case invalidFlatBuffer(offset: Int, field: Int?, reason: String)

    /// A FlatBuffer walk went past one of the limits that protect against hostile files
    /// (nesting depth, number of tables visited, bytes decoded).
    case flatBufferLimitExceeded(limit: String, value: Int)

    /// A string stored in a file is not valid UTF-8.
    case invalidUTF8(offset: Int, length: Int)

    /// An `.npy` file is malformed: the reason says what was found and what was expected.
    case invalidNpy(reason: String)

    /// An `.npy` file is well-formed but uses a feature KingletIO does not read
    /// (big-endian data, Fortran order, structured dtypes, ...).
    case unsupportedNpy(reason: String)

    /// An array's contents do not have the element type a caller asked for.
    case typeMismatch(expected: String, actual: String)

    /// An HDF5 file is malformed. `path` names the object being read ("/" for the
    /// root group, "" before any object is reached); the reason says what was expected.
    case invalidHDF5(path: String, reason: String)

    /// An HDF5 file is well-formed but uses a feature the HDF5 reader does not implement.
    case unsupportedHDF5(path: String, reason: String)

    /// A DEFLATE (RFC 1951) or zlib (RFC 1950) stream is corrupt or ends early. `offset`
    /// is the byte of the compressed input where decoding stopped.
    case invalidDeflate(offset: Int, reason: String)

    /// Decompressing would produce more than `limit` bytes (a decompression-bomb guard).
    case decompressedSizeLimitExceeded(limit: Int)

    /// A zip archive is malformed. `entry` names the member when the problem belongs to one;
    /// `offset` is a byte position in the archive.
    case invalidZip(entry: String?, offset: Int, reason: String)

    /// A zip member uses a feature KingletIO does not read (encryption, a compression
    /// method other than stored or deflate, a multi-disk archive, ...).
    case unsupportedZip(entry: String?, reason: String)

    /// JSON text is malformed at byte `offset`.
    case invalidJSON(offset: Int, reason: String)

    /// A writer was asked for something its format cannot hold: a forbidden or duplicate
    /// name, data that does not match its declared shape, a size past the format's limits.
    /// `format` names the output ("zip archive", "HDF5 file"); `item` the entry or object
    /// path concerned ("" for the whole output).
    case cannotWrite(format: String, item: String, reason: String)
}

extension IOError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .outOfBounds(offset, needed, available):
            if offset < 0 {
                return "offset \(offset) is negative (needed \(needed) bytes there)"
            }
            if needed < 0 {
                return "length \(needed) at offset \(offset) is negative"
            }
            let plural = needed == 1 ? "byte" : "bytes"
            return "needed \(needed) \(plural) at offset \(offset), but only \(available) remain"
        case let .invalidFlatBuffer(offset, field, reason):
            if let field {
                return "invalid FlatBuffer: field \(field) of the table at offset \(offset): \(reason)"
            }
            return "invalid FlatBuffer at offset \(offset): \(reason)"
        case let .flatBufferLimitExceeded(limit, value):
            return "FlatBuffer exceeds the \(limit) limit of \(value); "
                + "the file is malformed or built to exhaust the reader"
        case let .invalidUTF8(offset, length):
            return "the \(length)-byte string at offset \(offset) is not valid UTF-8"
        case let .invalidNpy(reason):
            return "invalid .npy file: \(reason)"
        case let .unsupportedNpy(reason):
            return "unsupported .npy file: \(reason)"
        case let .typeMismatch(expected, actual):
            return "expected \(expected), got \(actual)"
        case let .invalidHDF5(path, reason):
            return path.isEmpty ? "invalid HDF5 file: \(reason)" : "invalid HDF5 file: '\(path)': \(reason)"
        case let .unsupportedHDF5(path, reason):
            return path.isEmpty ? "unsupported HDF5 feature: \(reason)"
                : "unsupported HDF5 feature: '\(path)': \(reason)"
        case let .invalidDeflate(offset, reason):
            return "invalid deflate data at byte \(offset) of the compressed input: \(reason)"
        case let .decompressedSizeLimitExceeded(limit):
            return "decompressed data exceeds the limit of \(limit) bytes; "
                + "the stream is malformed or built to exhaust memory"
        case let .invalidZip(entry, offset, reason):
            if let entry {
                return "invalid zip archive: entry '\(entry)' (offset \(offset)): \(reason)"
            }
            return "invalid zip archive at offset \(offset): \(reason)"
        case let .unsupportedZip(entry, reason):
            if let entry {
                return "unsupported zip archive: entry '\(entry)': \(reason)"
            }
            return "unsupported zip archive: \(reason)"
        case let .invalidJSON(offset, reason):
            return "invalid JSON at byte \(offset): \(reason)"
        case let .cannotWrite(format, item, reason):
            return item.isEmpty ? "cannot write \(format): \(reason)" : "cannot write \(format): '\(item)': \(reason)"
        }
    }
}
