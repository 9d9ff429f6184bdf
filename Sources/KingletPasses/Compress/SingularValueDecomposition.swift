/// The thin singular value decomposition A = U · diag(σ) · Vᵀ of a real rows × columns matrix
/// (row-major, Double), by one-sided Jacobi rotations (Hestenes): columns are rotated in pairs
/// until every pair is orthogonal; their norms are then the singular values. Accurate to
/// working precision, simple, and fast enough for layer-sized matrices (a few hundred on a
/// side). Singular values come sorted, largest first.
public struct SingularValueDecomposition: Sendable {
    public let rows: Int
    public let columns: Int
    /// min(rows, columns) values, descending.
    public let singularValues: [Double]
    /// rows × k, row-major: column i is the left singular vector of σᵢ.
    public let u: [Double]
    /// columns × k, row-major: column i is the right singular vector of σᵢ.
    public let v: [Double]

    public var rank: Int { singularValues.count }

    public init(_ matrix: [Double], rows: Int, columns: Int) {
        precondition(matrix.count == rows * columns && rows > 0 && columns > 0)
        // Jacobi works on the columns of a tall matrix: decompose Aᵀ when A is wide.
        if rows < columns {
            var transposed = [Double](repeating: 0, count: matrix.count)
            for r in 0..<rows { for c in 0..<columns { transposed[c * rows + r] = matrix[r * columns + c] } }
            let t = SingularValueDecomposition(transposed, rows: columns, columns: rows)
            self.rows = rows
            self.columns = columns
            singularValues = t.singularValues
            u = t.v
            v = t.u
            return
        }
        let m = rows, n = columns
        // Column-major copies so a column is contiguous.
        var a = [Double](repeating: 0, count: m * n)
        for r in 0..<m { for c in 0..<n { a[c * m + r] = matrix[r * n + c] } }
        var w = [Double](repeating: 0, count: n * n)
        for i in 0..<n { w[i * n + i] = 1 }
        let tolerance = 1e-15
        for _ in 0..<60 {
            var rotated = false
            for p in 0..<(n - 1) {
                for q in (p + 1)..<n {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for i in 0..<m {
                        let x = a[p * m + i], y = a[q * m + i]
                        alpha += x * x
                        beta += y * y
                        gamma += x * y
                    }
                    guard abs(gamma) > tolerance * (alpha * beta).squareRoot(), gamma != 0 else { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot()
                    let s = c * t
                    for i in 0..<m {
                        let x = a[p * m + i], y = a[q * m + i]
                        a[p * m + i] = c * x - s * y
                        a[q * m + i] = s * x + c * y
                    }
                    for i in 0..<n {
                        let x = w[p * n + i], y = w[q * n + i]
                        w[p * n + i] = c * x - s * y
                        w[q * n + i] = s * x + c * y
                    }
                }
            }
            if !rotated { break }
        }
        let norms = (0..<n).map { c in (0..<m).reduce(0.0) { $0 + a[c * m + $1] * a[c * m + $1] }.squareRoot() }
        let order = (0..<n).sorted { norms[$0] > norms[$1] }
        var u = [Double](repeating: 0, count: m * n)
        var v = [Double](repeating: 0, count: n * n)
        for (k, c) in order.enumerated() {
            let sigma = norms[c]
            for i in 0..<m { u[i * n + k] = sigma > 0 ? a[c * m + i] / sigma : 0 }
            for i in 0..<n { v[i * n + k] = w[c * n + i] }
        }
        self.rows = rows
        self.columns = columns
        singularValues = order.map { norms[$0] }
        self.u = u
        self.v = v
    }
}
