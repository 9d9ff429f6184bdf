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
