/// Byte order of a multi-byte value in a file or buffer.
///
/// Every multi-byte read and write in KingletIO names its byte order, so a format's
/// endianness is visible at each call site rather than implied by the host.
public enum Endianness: Sendable, Hashable {
    case little
    case big
}
