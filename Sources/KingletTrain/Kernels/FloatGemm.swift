import Dispatch

/// Single-precision matrix products for training: C (m×n) = op(A) · op(B), or C += op(A) · op(B),
/// with row-major matrices, op(X) = X or Xᵀ. Every convolution and dense layer's forward and
/// backward pass reduces to these calls.
///
/// The algorithm is the Goto/BLIS one: blocks of op(B) (`depthBlock` × up to `columnBlock`) and
/// op(A) (up to `rowBlock` × `depthBlock`) are packed so `FloatGemmMicroKernel` reads both
/// sequentially from cache. Large products are split into rectangles of C, one per task.
///
/// Results are deterministic: every C element is summed by one task, over k in the same
/// order (fixed-size k blocks, each summed in registers, then added to C), whatever the split.
public enum FloatGemm {
    /// C[i][j] (+)= Σ_p opA[i][p] · opB[p][j] for i < m, j < n, p < k.
    /// A is m×k (or k×m when `transposeA`), B is k×n (or n×k when `transposeB`), C is m×n,
    /// all row-major and densely packed. With `accumulate` false, C is overwritten
    /// (k == 0 then zeroes C). C must not overlap A or B.
    public static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                _ c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int,
                                transposeA: Bool = false, transposeB: Bool = false,
                                accumulate: Bool = false) {
        precondition(m >= 0 && n >= 0 && k >= 0, "FloatGemm: negative dimension \(m)×\(n)×\(k)")
        if m == 0 || n == 0 { return }
        if k == 0 {
            if !accumulate { c.update(repeating: 0, count: m * n) }
            return
        }
        let problem = FloatGemmProblem(a: a, b: b, c: c, m: m, n: n, k: k,
                                      transposeA: transposeA, transposeB: transposeB, accumulate: accumulate)
        let mr = FloatGemmMicroKernel.rows, nr = FloatGemmMicroKernel.columns
        let tasks = min(maxTasks, m * n * k / minimumTaskWork)
        if tasks < 2 {
            problem.run(rows: 0..<m, columns: 0..<n)
            return
        }
        // Prefer splitting rows (each task then packs all of op(B) once, a small cost when m is
        // large); split columns too when there are too few row panels to go around.
        let rowPanels = (m + mr - 1) / mr, columnPanels = (n + nr - 1) / nr
        let rowTasks = min(tasks, rowPanels)
        let columnTasks = min(max(1, tasks / rowTasks), columnPanels)
        let rowsPerTask = (rowPanels + rowTasks - 1) / rowTasks * mr
        let columnsPerTask = (columnPanels + columnTasks - 1) / columnTasks * nr
        let rowSplits = (m + rowsPerTask - 1) / rowsPerTask
        let columnSplits = (n + columnsPerTask - 1) / columnsPerTask
        DispatchQueue.concurrentPerform(iterations: rowSplits * columnSplits) { task in
            let i0 = task / columnSplits * rowsPerTask, j0 = task % columnSplits * columnsPerTask
            problem.run(rows: i0..<min(m, i0 + rowsPerTask), columns: j0..<min(n, j0 + columnsPerTask))
        }
    }

    /// Multiply-adds each task must have: 2^18 take ~10 µs on one core, about what handing work
    /// to another thread costs (measured: splitting smaller products did not pay).
    static let minimumTaskWork = 1 << 18
    /// Enough tasks to balance load on a few cores without re-packing op(B) too often.
    static let maxTasks = 16
    /// Rows of op(A) packed at once: `rowBlock × aCopies × depthBlock` floats stay in L2.
    static let rowBlock = FloatGemmMicroKernel.aCopies == 1 ? 192 : 96
    /// Columns of op(B) packed at once; typical layers (n ≤ 512) pack all of them.
    static let columnBlock = 1024
    /// Upper bound of the k block; a B micro-panel (`depthBlock × columns` floats) stays in L1.
    static let maxDepthBlock = 256

    /// The k block: the same for every task (it sets the summation order), and balanced so
    /// the last block is not a sliver.
    static func depthBlock(k: Int) -> Int {
        let blocks = (k + maxDepthBlock - 1) / maxDepthBlock
        return (k + blocks - 1) / blocks
    }
}
