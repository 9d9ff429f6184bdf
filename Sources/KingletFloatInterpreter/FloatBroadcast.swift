/// NumPy broadcasting of two operands to an output shape: shapes right-aligned and
/// left-padded with 1s; along each axis the sizes are equal, or one is 1 and repeats.
struct FloatBroadcast: Sendable {
    /// The output's shape; the last axis is walked in the inner loop.
    let dims: [Int]
    /// Per output axis, how far a step moves in each operand (0 where it repeats).
    let stridesA: [Int]
    let stridesB: [Int]

    /// Walks `a` and `b` broadcast to `output`, which must be their broadcast shape.
    init(_ a: [Int], _ b: [Int], output: [Int]) {
        let rank = output.count
        func strides(_ shape: [Int]) -> [Int] {
            let padded = [Int](repeating: 1, count: rank - shape.count) + shape
            let dense = SizeArithmetic.strides(padded)
            return (0..<rank).map { padded[$0] == 1 ? 0 : dense[$0] }
        }
        dims = output
        stridesA = strides(a)
        stridesB = strides(b)
    }

    /// out[n] = f(a[ia], b[ib]) for every output element n, in row-major order.
    func combine(_ a: [Float], _ b: [Float], _ f: (Float, Float) -> Float) -> [Float] {
        let count = SizeArithmetic.count(dims)
        var output = [Float](repeating: 0, count: count)
        let rank = dims.count
        guard rank > 0 else {
            output[0] = f(a[0], b[0])
            return output
        }
        let inner = dims[rank - 1]
        let (innerA, innerB) = (stridesA[rank - 1], stridesB[rank - 1])
        var index = [Int](repeating: 0, count: rank)
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { z in
                output.withUnsafeMutableBufferPointer { y in
                    var (ia, ib, n) = (0, 0, 0)
                    while n < count {
                        var (pa, pb) = (ia, ib)
                        for _ in 0..<inner {
                            y[n] = f(x[pa], z[pb])
                            pa += innerA
                            pb += innerB
                            n += 1
                        }
                        // The odometer over the outer axes.
                        var axis = rank - 2
                        while axis >= 0 {
                            ia += stridesA[axis]
                            ib += stridesB[axis]
                            index[axis] += 1
                            if index[axis] < dims[axis] { break }
                            ia -= stridesA[axis] * dims[axis]
                            ib -= stridesB[axis] * dims[axis]
                            index[axis] = 0
                            axis -= 1
                        }
                    }
                }
            }
        }
        return output
    }
}
