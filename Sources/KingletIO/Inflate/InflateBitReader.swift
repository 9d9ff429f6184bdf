/// Reads DEFLATE's bit stream (RFC 1951 §3.1.1): bits fill each byte from the least
/// significant end, and multi-bit fields are stored least significant bit first.
///
/// This is the only place the decoder touches the input through a pointer. It never
/// reads outside `input`: when the input runs out, `peek` pads with zero bits, but
/// `consume` throws if asked for more bits than really exist, so padding is never decoded.
struct InflateBitReader {
    private let input: UnsafeBufferPointer<UInt8>
    /// Added to offsets in error messages (the zlib header sits before the deflate data).
    private let baseOffset: Int
    /// Next byte to load into `buffer`.
    private var position = 0
    /// Bits not yet consumed; bit 0 is the next bit of the stream.
    private var buffer: UInt64 = 0
    /// Number of real (not padding) bits in `buffer`.
    private(set) var bitCount = 0

    init(_ input: UnsafeBufferPointer<UInt8>, baseOffset: Int) {
        self.input = input
        self.baseOffset = baseOffset
    }

    /// Offset (in the caller's input) of the byte holding the next unread bit.
    var byteOffset: Int { baseOffset + position - (bitCount + 7) / 8 }

    /// Offset just past the last byte consumed once the reader is byte-aligned.
    var alignedEnd: Int { baseOffset + position - bitCount / 8 }

    func error(_ reason: String) -> IOError {
        .invalidDeflate(offset: byteOffset, reason: reason)
    }

    var truncated: IOError {
        .invalidDeflate(offset: baseOffset + input.count, reason: "the stream ends early")
    }

    /// True when every input byte has been loaded and fewer than `bits` real bits remain.
    func isExhausted(needing bits: Int) -> Bool {
        position >= input.count && bitCount < bits
    }

    /// Loads whole bytes until at least 57 bits are buffered or the input ends.
    @inline(__always)
    mutating func refill() {
        while bitCount <= 56, position < input.count {
            buffer |= UInt64(input[position]) << UInt64(bitCount)
            position += 1
            bitCount += 8
        }
    }

    /// The next `count` bits (count ≤ 32) without consuming them; call `refill()` first.
    @inline(__always)
    func peek(_ count: Int) -> Int {
        Int(truncatingIfNeeded: buffer & ((1 << UInt64(count)) &- 1))
    }

    @inline(__always)
    mutating func consume(_ count: Int) throws(IOError) {
        guard count <= bitCount else { throw truncated }
        buffer >>= UInt64(count)
        bitCount -= count
    }

    /// Reads a `count`-bit field (count ≤ 32), least significant bit first.
    @inline(__always)
    mutating func bits(_ count: Int) throws(IOError) -> Int {
        if bitCount < count { refill() }
        let value = peek(count)
        try consume(count)
        return value
    }

    /// Drops the bits left in the current byte (stored blocks and the zlib trailer start
    /// on a byte boundary).
    mutating func alignToByte() {
        let partial = bitCount % 8
        buffer >>= UInt64(partial)
        bitCount -= partial
    }

    /// The next `count` bytes after `alignToByte()`, consumed.
    mutating func alignedBytes(_ count: Int) throws(IOError) -> UnsafeBufferPointer<UInt8> {
        assert(bitCount % 8 == 0, "alignedBytes needs a byte-aligned reader")
        // Give the whole bytes still buffered back to the input.
        position -= bitCount / 8
        buffer = 0
        bitCount = 0
        guard count >= 0, count <= input.count - position else { throw truncated }
        let bytes = UnsafeBufferPointer(rebasing: input[position..<(position + count)])
        position += count
        return bytes
    }
}
