/// Where each element of a per-sample output reads one operand under NumPy broadcasting
/// (shapes right-aligned; an axis of size 1 repeats). Nil `indices` means element n reads n.
struct BroadcastMap: Sendable {
    let indices: [Int]?

    /// The map from `output` (the broadcast shape) to an operand of `shape`.
    init(_ shape: [Int], output: [Int]) {
        let count = output.reduce(1, *)
        if shape.reduce(1, *) == count {
            indices = nil
            return
        }
        let rank = output.count
        let padded = [Int](repeating: 1, count: rank - shape.count) + shape
        var strides = [Int](repeating: 0, count: rank)
        var step = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            strides[axis] = padded[axis] == 1 ? 0 : step
            step *= padded[axis]
        }
        var map = [Int](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: rank)
        var offset = 0
        for n in 0..<count {
            map[n] = offset
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                offset += strides[axis]
                if index[axis] < output[axis] { break }
                offset -= strides[axis] * output[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        indices = map
    }

    @inline(__always)
    func callAsFunction(_ n: Int) -> Int { indices?[n] ?? n }
}
