/// One `FloatGemm.multiply` call's operands, and the blocked loop nest that computes any
/// rectangle of C from them with its own scratch buffers.
///
/// `@unchecked Sendable`: tasks only read A and B, and each writes a disjoint rectangle of C.
struct FloatGemmProblem: @unchecked Sendable {
    let a: UnsafePointer<Float>
    let b: UnsafePointer<Float>
    let c: UnsafeMutablePointer<Float>
    let m: Int, n: Int, k: Int
    let transposeA: Bool, transposeB: Bool, accumulate: Bool

    /// Computes C[rows][columns]; k must be positive.
    func run(rows: Range<Int>, columns: Range<Int>) {
        let mr = FloatGemmMicroKernel.rows, nr = FloatGemmMicroKernel.columns
        let kc = FloatGemm.depthBlock(k: k)
        let mc = min((rows.count + mr - 1) / mr * mr, FloatGemm.rowBlock)
        let nc = min((columns.count + nr - 1) / nr * nr, FloatGemm.columnBlock)
        // 64-byte alignment: the kernel loads B aligned, and panels start on cache lines.
        let packedA = Self.allocate(mc * FloatGemmMicroKernel.aCopies * kc), packedB = Self.allocate(kc * nc)
        defer {
            packedA.deallocate()
            packedB.deallocate()
        }
        var j0 = columns.lowerBound
        while j0 < columns.upperBound {
            let columnCount = min(nc, columns.upperBound - j0)
            var p0 = 0
            while p0 < k {
                let depth = min(kc, k - p0)
                FloatGemmPacking.packB(b, n: n, k: k, transposed: transposeB,
                                       columnStart: j0, columnCount: columnCount,
                                       depthStart: p0, depth: depth, into: packedB)
                // The first k block stores unless accumulating; later ones add.
                let add = accumulate || p0 > 0
                var i0 = rows.lowerBound
                while i0 < rows.upperBound {
                    let rowCount = min(mc, rows.upperBound - i0)
                    FloatGemmPacking.packA(a, m: m, k: k, transposed: transposeA,
                                           rowStart: i0, rowCount: rowCount,
                                           depthStart: p0, depth: depth, into: packedA)
                    var jr = 0
                    while jr < columnCount {
                        let bPanel = UnsafePointer(packedB + jr * depth)
                        var ir = 0
                        while ir < rowCount {
                            FloatGemmMicroKernel.run(
                                depth: depth, a: UnsafePointer(packedA + ir * FloatGemmMicroKernel.aCopies * depth), b: bPanel,
                                c: c + (i0 + ir) * n + j0 + jr, ldc: n,
                                rowCount: min(mr, rowCount - ir), columnCount: min(nr, columnCount - jr),
                                add: add)
                            ir += mr
                        }
                        jr += nr
                    }
                    i0 += rowCount
                }
                p0 += depth
            }
            j0 += columnCount
        }
    }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
            .bindMemory(to: Float.self, capacity: count)
    }
}
