/// A canonical Huffman code (RFC 1951 §3.2.2) as a single-level lookup table.
///
/// The table is indexed by the next `bits` bits of the stream (least significant bit
/// first, which is the code read backwards). Each entry holds `symbol << 4 | codeLength`;
/// an entry of 0 marks a bit pattern no code starts with.
struct HuffmanTable: Sendable {
    enum Kind: Sendable {
        /// The code-length alphabet of a dynamic block header: must be complete.
        case codeLengths
        /// Literal/length or distance codes: may be incomplete only when a single code of
        /// length 1 is used (zlib accepts this; encoders emit it for one-symbol alphabets).
        case literalLength
        case distance

        var name: String {
            switch self {
            case .codeLengths: "code-length"
            case .literalLength: "literal/length"
            case .distance: "distance"
            }
        }
    }

    static let maxCodeLength = 15

    private let entries: [UInt16]
    /// Number of bits indexing `entries`: the longest code length, at least 1.
    private let bits: Int

    /// Builds the table for `lengths[symbol]`, rejecting over-subscribed and (where not
    /// allowed) incomplete codes. `offset` is reported in errors.
    init(lengths: ArraySlice<UInt8>, kind: Kind, offset: Int) throws(IOError) {
        var counts = [Int](repeating: 0, count: Self.maxCodeLength + 1)
        for length in lengths {
            guard length <= Self.maxCodeLength else {
                throw .invalidDeflate(offset: offset, reason: "\(kind.name) code length \(length) exceeds 15")
            }
            counts[Int(length)] += 1
        }
        counts[0] = 0
        let longest = counts.lastIndex { $0 > 0 } ?? 0
        var left = 1
        for length in 1...Self.maxCodeLength {
            left = left << 1 - counts[length]
            guard left >= 0 else {
                throw .invalidDeflate(offset: offset, reason: "over-subscribed \(kind.name) code")
            }
        }
        if left > 0, longest > 0, kind == .codeLengths || longest != 1 {
            throw .invalidDeflate(offset: offset, reason: "incomplete \(kind.name) code")
        }
        self.init(validLengths: lengths)
    }

    /// Builds the table for lengths already known to form a valid code.
    init(validLengths lengths: ArraySlice<UInt8>) {
        var counts = [Int](repeating: 0, count: Self.maxCodeLength + 1)
        for length in lengths { counts[Int(length)] += 1 }
        counts[0] = 0
        let bits = max(1, counts.lastIndex { $0 > 0 } ?? 0)
        var nextCode = [Int](repeating: 0, count: Self.maxCodeLength + 1)
        var code = 0
        for length in 1...Self.maxCodeLength {
            code = (code + counts[length - 1]) << 1
            nextCode[length] = code
        }
        var entries = [UInt16](repeating: 0, count: 1 << bits)
        for (symbol, length) in lengths.enumerated() where length > 0 {
            let length = Int(length)
            let code = nextCode[length]
            nextCode[length] += 1
            var reversed = 0
            for bit in 0..<length where code & (1 << bit) != 0 {
                reversed |= 1 << (length - 1 - bit)
            }
            let entry = UInt16(symbol << 4 | length)
            var index = reversed
            while index < entries.count {
                entries[index] = entry
                index += 1 << length
            }
        }
        self.entries = entries
        self.bits = bits
    }

    /// Decodes one symbol.
    @inline(__always)
    func decode(_ reader: inout InflateBitReader, kind: Kind) throws(IOError) -> Int {
        if reader.bitCount < bits { reader.refill() }
        let entry = entries.withUnsafeBufferPointer { $0[reader.peek(bits)] }
        let length = Int(entry & 15)
        guard length != 0 else {
            if reader.isExhausted(needing: bits) { throw reader.truncated }
            throw reader.error("invalid \(kind.name) code")
        }
        try reader.consume(length)
        return Int(entry >> 4)
    }

    // RFC 1951 §3.2.6: the fixed codes of block type 1.
    static let fixedLiteralLength = HuffmanTable(validLengths: ArraySlice(
        [UInt8](repeating: 8, count: 144) + [UInt8](repeating: 9, count: 112)
            + [UInt8](repeating: 7, count: 24) + [UInt8](repeating: 8, count: 8)))
    static let fixedDistance = HuffmanTable(validLengths: ArraySlice([UInt8](repeating: 5, count: 30)))
}
