/// Per-channel helpers over values whose last (fastest) axis is the channel.
enum ChannelSums {
    /// values[n] += perChannel[n % channels].
    static func add(_ perChannel: [Float], to values: inout [Float]) {
        let channels = perChannel.count
        guard channels > 0 else { return }
        values.withUnsafeMutableBufferPointer { y in
            perChannel.withUnsafeBufferPointer { b in
                var n = 0
                while n < y.count {
                    for c in 0..<channels { y[n + c] += b[c] }
                    n += channels
                }
            }
        }
    }

    /// Σ over positions of values[position · channels + c], per channel c (summed in Double,
    /// so long batches do not lose the small terms).
    static func sum(_ values: [Float], channels: Int) -> [Float] {
        var sums = [Double](repeating: 0, count: channels)
        values.withUnsafeBufferPointer { v in
            sums.withUnsafeMutableBufferPointer { s in
                var n = 0
                while n < v.count {
                    for c in 0..<channels { s[c] += Double(v[n + c]) }
                    n += channels
                }
            }
        }
        return sums.map { Float($0) }
    }
}

extension Array where Element == Float {
    /// `count` floats that the caller overwrites entirely before reading (a matrix product's
    /// output), without the cost of zeroing them first.
    static func overwritten(count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }
}

extension Array where Element == [Float] {
    /// Operand `i`'s values, or empty when the operator lists fewer operands.
    subscript(optional i: Int) -> [Float] { indices.contains(i) ? self[i] : [] }
}
