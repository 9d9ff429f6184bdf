/// A DEFLATE decompressor (RFC 1951), raw or inside a zlib wrapper (RFC 1950).
///
/// Whatever the bytes, decoding never reads outside `input` and never writes more than
/// `maxOutput` bytes: a corrupt or truncated stream throws `IOError.invalidDeflate` with
/// the byte offset (in `input`) where decoding stopped, and a stream that would grow past
/// `maxOutput` throws `IOError.decompressedSizeLimitExceeded`. Bytes after the end of the
/// stream (after the Adler-32 trailer for zlib) are ignored.
public enum Inflate {
    /// Decompresses a raw DEFLATE stream.
    ///
    /// - Parameter expectedSize: when given, the output must be exactly this long (a
    ///   stream that decodes to more or fewer bytes throws), and it sizes the buffer.
    /// - Parameter maxOutput: the most bytes the stream may decode to.
    public static func inflate(
        _ input: ArraySlice<UInt8>, expectedSize: Int? = nil, maxOutput: Int = 1 << 31
    ) throws(IOError) -> [UInt8] {
        try decode(input, baseOffset: 0, expectedSize: expectedSize, maxOutput: maxOutput).bytes
    }

    /// Decompresses a zlib stream: a 2-byte header (method 8, window ≤ 32 KiB, valid FCHECK,
    /// no preset dictionary), DEFLATE data, and a big-endian Adler-32 of the output, which
    /// is verified. `expectedSize` and `maxOutput` are as for `inflate`.
    public static func zlib(
        _ input: ArraySlice<UInt8>, expectedSize: Int? = nil, maxOutput: Int = 1 << 31
    ) throws(IOError) -> [UInt8] {
        let reader = ByteReader(input)
        guard reader.count >= 2 else {
            throw .invalidDeflate(offset: reader.count, reason: "the zlib header needs 2 bytes")
        }
        let method = try reader.getUInt8(at: 0)
        let flags = try reader.getUInt8(at: 1)
        guard (Int(method) << 8 | Int(flags)) % 31 == 0 else {
            throw .invalidDeflate(offset: 0, reason:
                "zlib header check bits fail (CMF \(method.hexDescription), FLG \(flags.hexDescription))")
        }
        guard method & 0x0F == 8 else {
            throw .invalidDeflate(offset: 0, reason: "zlib compression method \(method & 0x0F) is not deflate (8)")
        }
        guard method >> 4 <= 7 else {
            throw .invalidDeflate(offset: 0, reason: "zlib window size 2^\((method >> 4) + 8) exceeds 32 KiB")
        }
        guard flags & 0x20 == 0 else {
            throw .invalidDeflate(offset: 1, reason: "zlib stream needs a preset dictionary, which is not supported")
        }
        let (bytes, end) = try decode(input.dropFirst(2), baseOffset: 2,
                                      expectedSize: expectedSize, maxOutput: maxOutput)
        guard end + 4 <= reader.count else {
            throw .invalidDeflate(offset: reader.count, reason: "the stream ends before its Adler-32 checksum")
        }
        let stored = try reader.getUInt32(at: end, endianness: .big)
        let computed = Adler32.checksum(bytes)
        guard stored == computed else {
            throw .invalidDeflate(offset: end, reason:
                "Adler-32 mismatch: stored \(stored.hexDescription), computed \(computed.hexDescription)")
        }
        return bytes
    }

    /// Decodes one raw stream; `end` is the offset (in `input`'s own numbering plus
    /// `baseOffset`) just past its last byte.
    private static func decode(
        _ input: ArraySlice<UInt8>, baseOffset: Int, expectedSize: Int?, maxOutput: Int
    ) throws(IOError) -> (bytes: [UInt8], end: Int) {
        if let expectedSize, expectedSize < 0 {
            throw .invalidDeflate(offset: baseOffset, reason: "expected size \(expectedSize) is negative")
        }
        let maxOutput = max(0, maxOutput)
        let limit = min(maxOutput, expectedSize ?? maxOutput)
        // DEFLATE cannot expand more than 1032:1, so a declared size never over-allocates.
        let (bound, overflow) = input.count.multipliedReportingOverflow(by: 1032)
        let capacity = min(expectedSize ?? input.count &* 4, overflow ? Int.max : bound + 1024)

        return try input.withUnsafeBufferPointer { buffer throws(IOError) in
            var inflater = Inflater(reader: InflateBitReader(buffer, baseOffset: baseOffset),
                                    output: InflateOutput(initialCapacity: capacity, limit: limit))
            do throws(IOError) {
                try inflater.run()
            } catch {
                if case .decompressedSizeLimitExceeded = error, let expectedSize, expectedSize < maxOutput {
                    throw inflater.reader.error("the stream decodes to more than the expected \(expectedSize) bytes")
                }
                throw error
            }
            if let expectedSize, inflater.output.count != expectedSize {
                throw inflater.reader.error(
                    "the stream decodes to \(inflater.output.count) bytes, expected \(expectedSize)")
            }
            inflater.reader.alignToByte()
            let end = inflater.reader.alignedEnd
            return (inflater.output.finish(), end)
        }
    }
}
