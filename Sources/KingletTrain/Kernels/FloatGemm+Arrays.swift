extension FloatGemm {
    /// `multiply` on arrays: op(A) from `a`, op(B) from `b` starting at `bStart` (a group's
    /// rows of a filter), written (or added, with `accumulate`) to `c` from `cStart`.
    static func multiply(_ a: [Float], _ b: [Float], bStart: Int = 0, into c: inout [Float], cStart: Int = 0,
                         m: Int, n: Int, k: Int, transposeA: Bool = false, transposeB: Bool = false,
                         accumulate: Bool = false) {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    // An empty C needs nothing; an empty A or B (k = 0) is never read.
                    guard let c = c.baseAddress else { return }
                    let unread = UnsafePointer(c)
                    multiply(a.baseAddress ?? unread, (b.baseAddress ?? unread) + bStart, c + cStart, m: m, n: n, k: k,
                             transposeA: transposeA, transposeB: transposeB, accumulate: accumulate)
                }
            }
        }
    }
}
