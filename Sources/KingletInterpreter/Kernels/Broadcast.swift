/// Element-wise iteration of two inputs broadcast to an output shape (NumPy/TFLite rules:
/// shapes right-aligned and left-padded with 1s; along each axis equal sizes, or 1 in one
/// input, which is then repeated). Used by ADD and MUL. Twin of kgl_broadcast.h.
struct Broadcast {
    let dims: [Int]
    let strideA: [Int]
    let strideB: [Int]

    /// Nil unless `output` has rank max(rank a, rank b) and each of its dimensions is the
    /// broadcast of the inputs'.
    init?(_ a: [Int], _ b: [Int], output: [Int]) {
        let rank = output.count
        guard a.count <= rank, b.count <= rank, a.count == rank || b.count == rank else { return nil }
        var strideA = [Int](repeating: 0, count: rank)
        var strideB = [Int](repeating: 0, count: rank)
        var stepA = 1
        var stepB = 1
        for i in stride(from: rank - 1, through: 0, by: -1) {
            let da = i >= rank - a.count ? a[i - (rank - a.count)] : 1
            let db = i >= rank - b.count ? b[i - (rank - b.count)] : 1
            let expected: Int
            if da == db || db == 1 {
                expected = da
            } else if da == 1 {
                expected = db
            } else {
                return nil
            }
            guard output[i] == expected else { return nil }
            strideA[i] = da == 1 ? 0 : stepA
            strideB[i] = db == 1 ? 0 : stepB
            stepA *= da
            stepB *= db
        }
        dims = output
        self.strideA = strideA
        self.strideB = strideB
    }

    /// Calls `body(n, ia, ib)` for every output element n in order, with the offsets of the
    /// input elements it combines.
    func forEach(_ body: (Int, Int, Int) -> Void) {
        let count = dims.reduce(1, *)
        let rank = dims.count
        var index = [Int](repeating: 0, count: rank)
        var ia = 0
        var ib = 0
        for n in 0..<count {
            body(n, ia, ib)
            var i = rank - 1
            while i >= 0 {
                ia += strideA[i]
                ib += strideB[i]
                index[i] += 1
                if index[i] < dims[i] { break }
                index[i] = 0
                ia -= strideA[i] * dims[i]
                ib -= strideB[i] * dims[i]
                i -= 1
            }
        }
    }
}
