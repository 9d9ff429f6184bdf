import KingletFormat

/// The nonzero weights of a sparse constant (format 1.4), grouped by row: row r's entries
/// are `rowStart[r]..<rowStart[r + 1]`, each the element's position within its row and its
/// value. Read from the bitmap once per run, so the kernels' sparse paths visit only the
/// nonzeros. (The C kernels walk the bitmap directly; both give the dense kernels' sums
/// without their zero terms.)
struct SparseRows {
    let rowStart: [Int]
    let positions: [Int]
    let values: [Int32]

    /// The weights of input `index`, or nil when they are stored dense.
    init?(_ memory: Memory, _ index: Int) {
        let tensor = memory.tensor(index)
        guard let sparse = tensor.sparse, let parts = memory.model.sparseParts(tensor) else { return nil }
        let rows = tensor.shape[sparse.rowAxis]
        var rowStart = [Int](repeating: 0, count: rows + 1)
        var positions: [Int] = [], values: [Int32] = []
        positions.reserveCapacity(sparse.nonzeroCount)
        values.reserveCapacity(sparse.nonzeroCount)
        var next = parts.values.startIndex
        for k in 0..<tensor.elementCount where parts.bitmap[parts.bitmap.startIndex + k / 8] & (1 << UInt8(k % 8)) != 0 {
            let row = k / sparse.rowLength
            rowStart[row + 1] += 1
            positions.append(k % sparse.rowLength)
            values.append(Int32(Int8(bitPattern: parts.values[next])))
            next += 1
        }
        for r in 0..<rows { rowStart[r + 1] += rowStart[r] }
        self.rowStart = rowStart
        self.positions = positions
        self.values = values
    }

    /// Row r's entries.
    @inline(__always)
    func entries(_ row: Int) -> Range<Int> { rowStart[row]..<rowStart[row + 1] }
}

extension SparseRows {
    /// The spatial geometry of a CONV_2D or DEPTHWISE_CONV_2D over an NHWC input.
    struct Window {
        let batches: Int, inH: Int, inW: Int, inDepth: Int
        let outH: Int, outW: Int, outDepth: Int
        let kW: Int
        let strideH: Int, strideW: Int, dilationH: Int, dilationW: Int, padTop: Int, padLeft: Int
    }

    /// Per output element (NHWC order), Σ value · x over the row of its channel, skipping taps
    /// outside the input. Row position p of channel c reads tap `tap(p)` (ky = tap / kW,
    /// kx = tap % kW) at input channel `inputChannel(c, p)`. `x` holds the activations with
    /// the input offset added. The sums are exact; an int8 kernel takes them mod 2^32, which
    /// is its wrapping int32 accumulator.
    func windowSums(_ x: [Int64], _ w: Window, tap: (Int) -> Int, inputChannel: (Int, Int) -> Int) -> [Int64] {
        var sums = [Int64](repeating: 0, count: w.batches * w.outH * w.outW * w.outDepth)
        var out = 0
        for b in 0..<w.batches {
            for oy in 0..<w.outH {
                for ox in 0..<w.outW {
                    for c in 0..<w.outDepth {
                        var acc: Int64 = 0
                        for e in entries(c) {
                            let t = tap(positions[e])
                            let iy = oy * w.strideH - w.padTop + (t / w.kW) * w.dilationH
                            let ix = ox * w.strideW - w.padLeft + (t % w.kW) * w.dilationW
                            if iy < 0 || iy >= w.inH || ix < 0 || ix >= w.inW { continue }
                            acc += Int64(values[e]) * x[((b * w.inH + iy) * w.inW + ix) * w.inDepth + inputChannel(c, positions[e])]
                        }
                        sums[out] = acc
                        out += 1
                    }
                }
            }
        }
        return sums
    }

    /// FULLY_CONNECTED: per input row r and unit u (output order), Σ value · x[r · depth + p]
    /// over unit u's row; `x` with the input offset added, sums exact as in `windowSums`.
    func rowSums(_ x: [Int64], rows: Int, depth: Int) -> [Int64] {
        let units = rowStart.count - 1
        var sums = [Int64](repeating: 0, count: rows * units)
        for r in 0..<rows {
            for u in 0..<units {
                var acc: Int64 = 0
                for e in entries(u) { acc += Int64(values[e]) * x[r * depth + positions[e]] }
                sums[r * units + u] = acc
            }
        }
        return sums
    }
}
