import KingletTestSupport
import Testing
@testable import KingletTrain

@Suite struct FloatGemmTests {
    struct Shape: CustomTestStringConvertible, Sendable {
        let m: Int, n: Int, k: Int
        init(_ m: Int, _ n: Int, _ k: Int) { (self.m, self.n, self.k) = (m, n, k) }
        var testDescription: String { "\(m)×\(n)×\(k)" }
    }

    /// Odd sizes, and sizes one either side of every block edge (micro-tile 6×8, k block 256,
    /// row block 192, column block 1024). The last few are large enough to run on several tasks.
    static let shapes: [Shape] = [
        Shape(1, 1, 1), Shape(0, 5, 3), Shape(5, 0, 3), Shape(4, 3, 0), Shape(0, 0, 0),
        Shape(7, 13, 5), Shape(6, 8, 1), Shape(5, 7, 2), Shape(12, 16, 9), Shape(13, 17, 10),
        Shape(1, 40, 3), Shape(40, 1, 3), Shape(33, 65, 129), Shape(6, 8, 256), Shape(7, 9, 257),
        Shape(11, 10, 513), Shape(191, 9, 11), Shape(193, 15, 7), Shape(5, 1025, 3),
        Shape(4, 1031, 17), Shape(197, 19, 300), Shape(6, 300, 200), Shape(70, 130, 40),
    ]

    static let transposes: [(Bool, Bool)] = [(false, false), (true, false), (false, true), (true, true)]

    @Test(arguments: shapes)
    func matchesDoubleReference(shape: Shape) {
        var rng = SeededGenerator(seed: UInt64(shape.m * 1_000_003 + shape.n * 1009 + shape.k))
        let (m, n, k) = (shape.m, shape.n, shape.k)
        let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &rng) }
        let b = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &rng) }
        let initial = (0..<(m * n)).map { _ in Float.random(in: -1...1, using: &rng) }
        for (transposeA, transposeB) in Self.transposes {
            for accumulate in [false, true] {
                var c = initial
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        c.withUnsafeMutableBufferPointer { pc in
                            FloatGemm.multiply(pa.baseAddress!, pb.baseAddress!, pc.baseAddress!,
                                               m: m, n: n, k: k, transposeA: transposeA,
                                               transposeB: transposeB, accumulate: accumulate)
                        }
                    }
                }
                var mismatches = 0
                for i in 0..<m {
                    for j in 0..<n {
                        var sum = accumulate ? Double(initial[i * n + j]) : 0
                        var magnitude = accumulate ? abs(Double(initial[i * n + j])) : 0
                        for p in 0..<k {
                            let x = Double(transposeA ? a[p * m + i] : a[i * k + p])
                            let y = Double(transposeB ? b[j * k + p] : b[p * n + j])
                            sum += x * y
                            magnitude += abs(x * y)
                        }
                        let got = Double(c[i * n + j])
                        if abs(got - sum) > 1e-5 * magnitude + 1e-6 {
                            mismatches += 1
                            if mismatches <= 5 {
                                Issue.record("""
                                    \(shape.testDescription) tA=\(transposeA) tB=\(transposeB) \
                                    acc=\(accumulate): C[\(i)][\(j)] = \(got), expected \(sum)
                                    """)
                            }
                        }
                    }
                }
                #expect(mismatches == 0, "tA=\(transposeA) tB=\(transposeB) acc=\(accumulate)")
            }
        }
    }

    @Test func zeroDepthZeroesOrKeepsC() {
        var c: [Float] = [1, 2, 3, 4, 5, 6]
        let none: [Float] = [0]
        none.withUnsafeBufferPointer { p in
            c.withUnsafeMutableBufferPointer { pc in
                FloatGemm.multiply(p.baseAddress!, p.baseAddress!, pc.baseAddress!, m: 2, n: 3, k: 0,
                                   accumulate: true)
            }
        }
        #expect(c == [1, 2, 3, 4, 5, 6])
        none.withUnsafeBufferPointer { p in
            c.withUnsafeMutableBufferPointer { pc in
                FloatGemm.multiply(p.baseAddress!, p.baseAddress!, pc.baseAddress!, m: 2, n: 3, k: 0)
            }
        }
        #expect(c == [0, 0, 0, 0, 0, 0])
    }

    /// Each C element must come out the same however the work is split: twice the same
    /// multi-task product, and a few rows of it computed on their own (a single task).
    @Test(arguments: transposes.map { [$0.0, $0.1] })
    func deterministicAcrossSplits(transpose: [Bool]) {
        let (m, n, k) = (150, 40, 600)
        let (transposeA, transposeB) = (transpose[0], transpose[1])
        #expect(m * n * k / FloatGemm.minimumTaskWork >= 2, "must be large enough to split")
        var rng = SeededGenerator(seed: 7)
        let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &rng) }
        let b = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &rng) }
        func product(rows: Range<Int>) -> [Float] {
            // Rows of op(A) are rows of A only when A is not transposed; else take a column slice.
            let rowsA: [Float] = transposeA
                ? (0..<k).flatMap { p in rows.map { a[p * m + $0] } }
                : Array(a[(rows.lowerBound * k)..<(rows.upperBound * k)])
            var c = [Float](repeating: .nan, count: rows.count * n)
            rowsA.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        FloatGemm.multiply(pa.baseAddress!, pb.baseAddress!, pc.baseAddress!,
                                           m: rows.count, n: n, k: k,
                                           transposeA: transposeA, transposeB: transposeB)
                    }
                }
            }
            return c
        }
        let first = product(rows: 0..<m)
        let second = product(rows: 0..<m)
        #expect(first.map(\.bitPattern) == second.map(\.bitPattern))
        for rows in [0..<1, 5..<11, 143..<150] {
            let alone = product(rows: rows)
            let slice = Array(first[(rows.lowerBound * n)..<(rows.upperBound * n)])
            #expect(alone.map(\.bitPattern) == slice.map(\.bitPattern), "rows \(rows)")
        }
    }
}
