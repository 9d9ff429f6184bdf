/// NumPy broadcasting of two shapes: right-aligned and left-padded with 1s; along each axis
/// the sizes are equal, or one is 1 and repeats. The one definition the float interpreter
/// and the training kernels share.
public enum BroadcastShape {
    /// The broadcast shape of `a` and `b`, or nil when they do not broadcast.
    public static func of(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = Swift.max(a.count, b.count)
        var shape = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard da == db || da == 1 || db == 1 else { return nil }
            shape[i] = da == 1 ? db : da
        }
        return shape
    }
}
