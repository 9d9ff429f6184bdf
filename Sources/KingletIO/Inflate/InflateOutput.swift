/// The growing output of a DEFLATE decoder, which is also its sliding window: a
/// back-reference copies bytes this buffer already holds.
///
/// Never grows past `limit`; asking to throws `IOError.decompressedSizeLimitExceeded`.
struct InflateOutput {
    private var storage: [UInt8]
    /// Bytes written so far; `storage` beyond this is spare capacity.
    private(set) var count = 0
    let limit: Int

    init(initialCapacity: Int, limit: Int) {
        self.limit = limit
        storage = [UInt8](repeating: 0, count: max(0, min(initialCapacity, limit)))
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) throws(IOError) {
        guard extra > storage.count - count else { return }
        guard extra <= limit - count else { throw .decompressedSizeLimitExceeded(limit: limit) }
        let needed = count + extra
        let grown = storage.count > limit / 2 ? limit : max(storage.count * 2, 4096)
        storage.append(contentsOf: repeatElement(0, count: min(limit, max(needed, grown)) - storage.count))
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) throws(IOError) {
        if count == storage.count { try reserve(1) }
        storage[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) throws(IOError) {
        try reserve(bytes.count)
        let start = count
        storage.withUnsafeMutableBufferPointer { target in
            for index in 0..<bytes.count {
                target[start + index] = bytes[index]
            }
        }
        count += bytes.count
    }

    /// Appends `length` bytes copied from `distance` bytes back; the caller has checked
    /// `1 <= distance <= count`. Overlapping copies repeat the pattern, as RFC 1951 requires.
    @inline(__always)
    mutating func copy(distance: Int, length: Int) throws(IOError) {
        assert(distance >= 1 && distance <= count, "back-reference outside the window")
        try reserve(length)
        let start = count
        storage.withUnsafeMutableBufferPointer { buffer in
            var source = start - distance
            if distance >= length, let base = buffer.baseAddress {
                (base + start).update(from: base + source, count: length)
            } else {
                for target in start..<(start + length) {
                    buffer[target] = buffer[source]
                    source += 1
                }
            }
        }
        count += length
    }

    /// The bytes written, without the spare capacity.
    consuming func finish() -> [UInt8] {
        storage.removeSubrange(count...)
        return storage
    }
}
