/// The register-blocked inner loop of `FloatGemm`: one `rows`×`columns` tile of C from a packed
/// A micro-panel (`rows · aCopies` values per k step) and a packed B micro-panel (`columns`).
///
/// 6×8 keeps 12 SSE registers (x86-64's baseline has 16) or 6 AVX / 12 NEON registers of
/// accumulators, enough independent sums to hide the add latency without spilling.
enum FloatGemmMicroKernel {
    typealias Vector = SIMD8<Float>
    static let rows = 6
    static let columns = Vector.scalarCount

    #if arch(x86_64) && !KINGLET_GEMM_AVX
    /// Copies of each A value in a packed panel. SSE has no broadcast load: splatting a scalar
    /// costs a shuffle per row and k step, competing with the adds; packing A pre-splatted makes
    /// them plain loads (~20% faster kernel). AVX builds broadcast from memory for free and
    /// lose ~25% with the copies: build them with `-DKINGLET_GEMM_AVX` (benchmarks/gemm/README.md).
    static let aCopies = 4
    #else
    static let aCopies = 1
    #endif

    /// Sums Σ_p a[(p·rows + r)·aCopies] · b[p·columns + j] over p < `depth` and writes the first
    /// `rowCount` rows and `columnCount` columns into `c` (row stride `ldc`): added to C when
    /// `add`, stored otherwise. Panels are zero-padded and loaded aligned: `a` to 16 bytes, `b`
    /// to 32 (packing into 64-byte-aligned buffers gives both).
    @inline(__always)
    static func run(depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                    c: UnsafeMutablePointer<Float>, ldc: Int,
                    rowCount: Int, columnCount: Int, add: Bool) {
        var c0 = Vector(), c1 = Vector(), c2 = Vector()
        var c3 = Vector(), c4 = Vector(), c5 = Vector()
        var pa = a
        var pb = UnsafeRawPointer(b)
        for _ in 0..<depth {
            let bv = pb.load(as: Vector.self)
            c0 = multiplyAdd(c0, splat(pa, 0), bv)
            c1 = multiplyAdd(c1, splat(pa, 1), bv)
            c2 = multiplyAdd(c2, splat(pa, 2), bv)
            c3 = multiplyAdd(c3, splat(pa, 3), bv)
            c4 = multiplyAdd(c4, splat(pa, 4), bv)
            c5 = multiplyAdd(c5, splat(pa, 5), bv)
            pa += rows * aCopies
            pb += MemoryLayout<Vector>.stride
        }
        if rowCount == rows && columnCount == columns {
            storeRow(c0, c, add: add)
            storeRow(c1, c + ldc, add: add)
            storeRow(c2, c + 2 * ldc, add: add)
            storeRow(c3, c + 3 * ldc, add: add)
            storeRow(c4, c + 4 * ldc, add: add)
            storeRow(c5, c + 5 * ldc, add: add)
        } else {
            // Edge tile: the padded lanes were computed but must not be written.
            if rowCount > 0 { storePartialRow(c0, c, count: columnCount, add: add) }
            if rowCount > 1 { storePartialRow(c1, c + ldc, count: columnCount, add: add) }
            if rowCount > 2 { storePartialRow(c2, c + 2 * ldc, count: columnCount, add: add) }
            if rowCount > 3 { storePartialRow(c3, c + 3 * ldc, count: columnCount, add: add) }
            if rowCount > 4 { storePartialRow(c4, c + 4 * ldc, count: columnCount, add: add) }
            if rowCount > 5 { storePartialRow(c5, c + 5 * ldc, count: columnCount, add: add) }
        }
    }

    /// Row `row`'s A value of the current k step, in every lane.
    @inline(__always)
    static func splat(_ panel: UnsafePointer<Float>, _ row: Int) -> Vector {
        #if arch(x86_64) && !KINGLET_GEMM_AVX
        let copies = UnsafeRawPointer(panel + row * aCopies).load(as: SIMD4<Float>.self)
        return Vector(lowHalf: copies, highHalf: copies)
        #else
        return Vector(repeating: panel[row])
        #endif
    }

    @inline(__always)
    static func multiplyAdd(_ sum: Vector, _ x: Vector, _ y: Vector) -> Vector {
        #if arch(arm64)
        return sum.addingProduct(x, y)  // FMA is part of AArch64's baseline
        #else
        // x86-64's baseline has no FMA: `addingProduct` would call fmaf once per lane.
        return sum + x * y
        #endif
    }

    @inline(__always)
    static func storeRow(_ v: Vector, _ row: UnsafeMutablePointer<Float>, add: Bool) {
        let raw = UnsafeMutableRawPointer(row)
        if add {
            raw.storeBytes(of: raw.loadUnaligned(as: Vector.self) + v, as: Vector.self)
        } else {
            raw.storeBytes(of: v, as: Vector.self)
        }
    }

    static func storePartialRow(_ v: Vector, _ row: UnsafeMutablePointer<Float>, count: Int, add: Bool) {
        for j in 0..<count {
            row[j] = add ? row[j] + v[j] : v[j]
        }
    }
}
