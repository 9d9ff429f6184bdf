/// The compression method of a zip entry (APPNOTE.TXT §4.4.5), kept as the raw number
/// so an unknown method can be reported rather than trap.
public struct ZipCompressionMethod: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    public static let stored = ZipCompressionMethod(rawValue: 0)
    public static let deflated = ZipCompressionMethod(rawValue: 8)
    public static let deflate64 = ZipCompressionMethod(rawValue: 9)
    public static let bzip2 = ZipCompressionMethod(rawValue: 12)
    public static let lzma = ZipCompressionMethod(rawValue: 14)
    public static let zstandard = ZipCompressionMethod(rawValue: 93)
    public static let xz = ZipCompressionMethod(rawValue: 95)
    public static let aesEncrypted = ZipCompressionMethod(rawValue: 99)

    /// Whether `ZipArchive.data(for:)` can decompress entries using this method.
    public var isSupported: Bool { self == .stored || self == .deflated }
}

extension ZipCompressionMethod: CustomStringConvertible {
    public var description: String {
        let name: String? = switch self {
        case .stored: "stored"
        case .deflated: "deflate"
        case .deflate64: "deflate64"
        case .bzip2: "bzip2"
        case .lzma: "LZMA"
        case .zstandard: "Zstandard"
        case .xz: "xz"
        case .aesEncrypted: "AES encryption"
        default: nil
        }
        return name.map { "\(rawValue) (\($0))" } ?? "\(rawValue)"
    }
}
