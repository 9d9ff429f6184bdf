/// Copies blocks of op(A) and op(B) into the layout `FloatGemmMicroKernel` streams through:
/// micro-panels of `rows` (A) or `columns` (B) values per k step, contiguous over k, and
/// zero-padded at the edges so the kernel never needs a partial load.
///
/// Packing absorbs the transposes: after it, all four combinations run the same kernel.
enum FloatGemmPacking {
    /// Packs op(A)[rowStart ..< rowStart + rowCount][depthStart ..< depthStart + depth].
    /// A is m×k row-major, or k×m when `transposed` (then op(A)[i][p] = a[p·m + i]).
    /// Writes ⌈rowCount / rows⌉ panels of `rows · aCopies · depth` floats to `into`, each value
    /// `aCopies` times in a row.
    static func packA(_ a: UnsafePointer<Float>, m: Int, k: Int, transposed: Bool,
                      rowStart: Int, rowCount: Int, depthStart: Int, depth: Int,
                      into dst: UnsafeMutablePointer<Float>) {
        let mr = FloatGemmMicroKernel.rows
        let step = mr * FloatGemmMicroKernel.aCopies
        var panel = dst
        var i0 = 0
        while i0 < rowCount {
            let live = min(mr, rowCount - i0)
            let row0 = rowStart + i0
            if transposed {
                // op(A) rows are contiguous within one row of A: `live` values per k step.
                for p in 0..<depth {
                    let src = a + (depthStart + p) * m + row0
                    let out = panel + p * step
                    for r in 0..<live { put(src[r], out, r) }
                    for r in live..<mr { put(0, out, r) }
                }
            } else if live == mr {
                // Six rows of A read side by side, so the panel is written sequentially.
                let r0 = a + row0 * k + depthStart
                let r1 = r0 + k, r2 = r1 + k, r3 = r2 + k, r4 = r3 + k, r5 = r4 + k
                for p in 0..<depth {
                    let out = panel + p * step
                    put(r0[p], out, 0)
                    put(r1[p], out, 1)
                    put(r2[p], out, 2)
                    put(r3[p], out, 3)
                    put(r4[p], out, 4)
                    put(r5[p], out, 5)
                }
            } else {
                for p in 0..<depth {
                    let src = a + row0 * k + depthStart + p
                    let out = panel + p * step
                    for r in 0..<live { put(src[r * k], out, r) }
                    for r in live..<mr { put(0, out, r) }
                }
            }
            panel += step * depth
            i0 += mr
        }
    }

    /// Stores row `row`'s value of one k step of an A panel, `aCopies` times.
    @inline(__always)
    private static func put(_ value: Float, _ step: UnsafeMutablePointer<Float>, _ row: Int) {
        let copies = FloatGemmMicroKernel.aCopies
        if copies == 4 {
            UnsafeMutableRawPointer(step + row * 4).storeBytes(of: SIMD4(repeating: value), as: SIMD4<Float>.self)
        } else {
            for copy in 0..<copies { step[row * copies + copy] = value }
        }
    }

    /// Packs op(B)[depthStart ..< depthStart + depth][columnStart ..< columnStart + columnCount].
    /// B is k×n row-major, or n×k when `transposed` (then op(B)[p][j] = b[j·k + p]).
    /// Writes ⌈columnCount / columns⌉ panels of `columns · depth` floats to `into`.
    static func packB(_ b: UnsafePointer<Float>, n: Int, k: Int, transposed: Bool,
                      columnStart: Int, columnCount: Int, depthStart: Int, depth: Int,
                      into dst: UnsafeMutablePointer<Float>) {
        typealias Vector = FloatGemmMicroKernel.Vector
        let nr = FloatGemmMicroKernel.columns
        var panel = dst
        var j0 = 0
        while j0 < columnCount {
            let live = min(nr, columnCount - j0)
            let column0 = columnStart + j0
            if transposed {
                // op(B) columns are rows of B: read each contiguously, write with stride `nr`.
                for j in 0..<live {
                    let src = b + (column0 + j) * k + depthStart
                    for p in 0..<depth { panel[p * nr + j] = src[p] }
                }
                for j in live..<nr {
                    for p in 0..<depth { panel[p * nr + j] = 0 }
                }
            } else if live == nr {
                for p in 0..<depth {
                    let src = UnsafeRawPointer(b + (depthStart + p) * n + column0)
                    UnsafeMutableRawPointer(panel + p * nr)
                        .storeBytes(of: src.loadUnaligned(as: Vector.self), as: Vector.self)
                }
            } else {
                for p in 0..<depth {
                    let src = b + (depthStart + p) * n + column0
                    let out = panel + p * nr
                    for j in 0..<live { out[j] = src[j] }
                    for j in live..<nr { out[j] = 0 }
                }
            }
            panel += nr * depth
            j0 += nr
        }
    }
}
