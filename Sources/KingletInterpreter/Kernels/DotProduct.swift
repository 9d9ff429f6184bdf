/// The inner sums of the dense CONV_2D and FULLY_CONNECTED kernels, wrapping like their
/// accumulators (the C kernels' innermost loops).
enum DotProduct {
    /// acc + Σ_{i < count} w[i] · (x[i] + inputOffset), wrapping like an int32 accumulator.
    @inline(__always)
    static func s8(_ x: UnsafePointer<Int8>, _ w: UnsafePointer<Int8>, _ count: Int,
                   _ inputOffset: Int32, _ start: Int32) -> Int32 {
        var acc = start
        for i in 0..<count {
            acc &+= Int32(w[i]) &* (Int32(x[i]) &+ inputOffset)
        }
        return acc
    }

    /// acc + Σ_{i < count} w[i] · x[i] (each product fits Int32), wrapping like an int64
    /// accumulator.
    @inline(__always)
    static func s16(_ x: UnsafePointer<Int16>, _ w: UnsafePointer<Int8>, _ count: Int, _ start: Int64) -> Int64 {
        var acc = start
        for i in 0..<count {
            acc &+= Int64(Int32(w[i]) &* Int32(x[i]))
        }
        return acc
    }
}
