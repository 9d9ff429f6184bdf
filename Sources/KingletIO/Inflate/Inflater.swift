/// Decodes the blocks of one DEFLATE stream (RFC 1951 §3.2.3) into an `InflateOutput`.
struct Inflater {
    var reader: InflateBitReader
    var output: InflateOutput

    // RFC 1951 §3.2.5: base values and extra bits of length symbols 257...285 and
    // distance symbols 0...29.
    private static let lengthBase: [Int] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
        35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
    ]
    private static let lengthExtraBits: [Int] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distanceBase: [Int] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
        257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ]
    private static let distanceExtraBits: [Int] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]
    /// Order in which a dynamic header lists the code-length code's own lengths.
    private static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Decodes blocks until the one marked final has ended.
    mutating func run() throws(IOError) {
        while true {
            let header = try reader.bits(3)
            switch header >> 1 {
            case 0:
                try storedBlock()
            case 1:
                try compressedBlock(literals: .fixedLiteralLength, distances: .fixedDistance)
            case 2:
                let (literals, distances) = try dynamicTables()
                try compressedBlock(literals: literals, distances: distances)
            default:
                throw reader.error("reserved block type 3")
            }
            if header & 1 == 1 { return }
        }
    }

    private mutating func storedBlock() throws(IOError) {
        reader.alignToByte()
        let header = try reader.alignedBytes(4)
        let length = Int(header[0]) | Int(header[1]) << 8
        let complement = Int(header[2]) | Int(header[3]) << 8
        guard length == ~complement & 0xFFFF else {
            throw reader.error("stored block length \(length) does not match its complement \(complement)")
        }
        try output.append(try reader.alignedBytes(length))
    }

    /// Reads the code lengths at the start of a dynamic block (RFC 1951 §3.2.7).
    private mutating func dynamicTables() throws(IOError) -> (HuffmanTable, HuffmanTable) {
        let literalCount = try reader.bits(5) + 257
        let distanceCount = try reader.bits(5) + 1
        let codeLengthCount = try reader.bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else {
            throw reader.error("dynamic block declares \(literalCount) literal/length and "
                + "\(distanceCount) distance codes (at most 286 and 30)")
        }
        var codeLengthLengths = [UInt8](repeating: 0, count: 19)
        for index in 0..<codeLengthCount {
            codeLengthLengths[Self.codeLengthOrder[index]] = UInt8(try reader.bits(3))
        }
        let codeLengths = try HuffmanTable(lengths: codeLengthLengths[...], kind: .codeLengths,
                                           offset: reader.byteOffset)

        var lengths = [UInt8](repeating: 0, count: literalCount + distanceCount)
        var index = 0
        while index < lengths.count {
            let symbol = try codeLengths.decode(&reader, kind: .codeLengths)
            var value: UInt8 = 0
            let repeatCount: Int
            switch symbol {
            case 0...15:
                lengths[index] = UInt8(symbol)
                index += 1
                continue
            case 16:
                guard index > 0 else { throw reader.error("code length repeat with no previous length") }
                value = lengths[index - 1]
                repeatCount = 3 + (try reader.bits(2))
            case 17:
                repeatCount = 3 + (try reader.bits(3))
            default:
                repeatCount = 11 + (try reader.bits(7))
            }
            guard repeatCount <= lengths.count - index else {
                throw reader.error("code length repeat runs past the \(lengths.count) declared codes")
            }
            for _ in 0..<repeatCount {
                lengths[index] = value
                index += 1
            }
        }
        guard lengths[256] != 0 else { throw reader.error("dynamic block has no end-of-block code") }
        let literals = try HuffmanTable(lengths: lengths[0..<literalCount], kind: .literalLength,
                                        offset: reader.byteOffset)
        let distances = try HuffmanTable(lengths: lengths[literalCount...], kind: .distance,
                                         offset: reader.byteOffset)
        return (literals, distances)
    }

    private mutating func compressedBlock(literals: HuffmanTable, distances: HuffmanTable) throws(IOError) {
        while true {
            let symbol = try literals.decode(&reader, kind: .literalLength)
            if symbol < 256 {
                try output.append(UInt8(truncatingIfNeeded: symbol))
                continue
            }
            if symbol == 256 { return }
            let lengthIndex = symbol - 257
            guard lengthIndex < 29 else { throw reader.error("invalid length symbol \(symbol)") }
            let length = Self.lengthBase[lengthIndex] + (try reader.bits(Self.lengthExtraBits[lengthIndex]))
            let distanceSymbol = try distances.decode(&reader, kind: .distance)
            guard distanceSymbol < 30 else { throw reader.error("invalid distance symbol \(distanceSymbol)") }
            let distance = Self.distanceBase[distanceSymbol]
                + (try reader.bits(Self.distanceExtraBits[distanceSymbol]))
            guard distance <= output.count else {
                throw reader.error("distance \(distance) reaches before the start of the output "
                    + "(\(output.count) bytes written)")
            }
            try output.copy(distance: distance, length: length)
        }
    }
}
