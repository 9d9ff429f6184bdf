import KingletPasses
import Testing

@Suite struct SingularValueDecompositionTests {
    static func random(_ count: Int, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(Int64(bitPattern: state >> 11) % 2001 - 1000) / 500
        }
    }

    /// U · diag(σ) · Vᵀ gives the matrix back; σ descends; U and V have orthonormal columns.
    @Test(arguments: [(7, 4), (4, 7), (16, 16), (33, 5), (1, 6), (6, 1)])
    func reconstructsRandomMatrices(_ size: (Int, Int)) {
        let (rows, columns) = size
        let a = Self.random(rows * columns, seed: UInt64(rows * 31 + columns))
        let svd = SingularValueDecomposition(a, rows: rows, columns: columns)
        let k = min(rows, columns)
        #expect(svd.rank == k)
        #expect(zip(svd.singularValues, svd.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
        for r in 0..<rows {
            for c in 0..<columns {
                let value = (0..<k).reduce(0.0) { $0 + svd.u[r * k + $1] * svd.singularValues[$1] * svd.v[c * k + $1] }
                #expect(abs(value - a[r * columns + c]) < 1e-9)
            }
        }
        for i in 0..<k {
            for j in 0..<k {
                let uu = (0..<rows).reduce(0.0) { $0 + svd.u[$1 * k + i] * svd.u[$1 * k + j] }
                let vv = (0..<columns).reduce(0.0) { $0 + svd.v[$1 * k + i] * svd.v[$1 * k + j] }
                #expect(abs(uu - (i == j ? 1 : 0)) < 1e-9 && abs(vv - (i == j ? 1 : 0)) < 1e-9)
            }
        }
    }

    /// A matrix built from known singular values: they come back, sorted.
    @Test func findsKnownSingularValues() {
        // Rows permuted and signed so it is not already diagonal in order.
        let a: [Double] = [0, 0, -2,
                           5, 0, 0,
                           0, 0.5, 0,
                           0, 0, 0]
        let svd = SingularValueDecomposition(a, rows: 4, columns: 3)
        #expect(zip(svd.singularValues, [5.0, 2, 0.5]).allSatisfy { abs($0 - $1) < 1e-12 })
    }
}
