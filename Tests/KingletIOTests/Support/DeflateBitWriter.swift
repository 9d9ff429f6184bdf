/// Writes DEFLATE bit streams by hand, so tests can build streams no encoder would emit.
struct DeflateBitWriter {
    private(set) var bytes: [UInt8] = []
    private var pending: UInt32 = 0
    private var pendingCount = 0

    /// Writes `count` bits of `value`, least significant first (header fields, extra bits).
    mutating func bits(_ value: Int, _ count: Int) {
        for bit in 0..<count {
            pending |= UInt32((value >> bit) & 1) << UInt32(pendingCount)
            pendingCount += 1
            if pendingCount == 8 {
                bytes.append(UInt8(pending))
                pending = 0
                pendingCount = 0
            }
        }
    }

    /// Writes a Huffman code, most significant bit first (RFC 1951 §3.1.1).
    mutating func code(_ code: Int, length: Int) {
        for bit in stride(from: length - 1, through: 0, by: -1) {
            bits((code >> bit) & 1, 1)
        }
    }

    /// Writes `symbol` with the fixed literal/length code of block type 1.
    mutating func fixedLiteral(_ symbol: Int) {
        switch symbol {
        case 0...143: code(0x30 + symbol, length: 8)
        case 144...255: code(0x190 + symbol - 144, length: 9)
        case 256...279: code(symbol - 256, length: 7)
        default: code(0xC0 + symbol - 280, length: 8)
        }
    }

    /// The bytes written, the last one padded with zero bits.
    func finished() -> [UInt8] {
        pendingCount > 0 ? bytes + [UInt8(pending)] : bytes
    }
}
