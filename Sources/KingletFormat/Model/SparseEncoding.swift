/// How a sparse constant (format 1.4, location 2) is stored: a bitmap of its nonzero
/// elements, then their values, with elements ordered row by row along `rowAxis`
/// (docs/FORMAT.md, "Sparse constants").
public struct SparseEncoding: Sendable, Hashable {
    /// The axis whose index is the row (the record's `quant_axis`).
    public let rowAxis: Int
    /// Elements per row: the product of the other dimensions.
    public let rowLength: Int
    /// ceil(elements / 8).
    public let bitmapBytes: Int
    /// Set bits in the bitmap = stored values.
    public let nonzeroCount: Int

    /// Bytes in the data section: bitmap, then values.
    public var storedBytes: Int { bitmapBytes + nonzeroCount }

    /// The encoding of `values` (int8 bit patterns, dense row-major order of `shape`) with
    /// rows along `rowAxis`: the bitmap and nonzero values as stored in a `.kgl`.
    public static func encode(_ values: [UInt8], shape: [Int], rowAxis: Int) -> [UInt8] {
        let order = elementOrder(shape: shape, rowAxis: rowAxis)
        var bitmap = [UInt8](repeating: 0, count: (values.count + 7) / 8)
        var nonzeros: [UInt8] = []
        for (k, index) in order.enumerated() where values[index] != 0 {
            bitmap[k / 8] |= 1 << UInt8(k % 8)
            nonzeros.append(values[index])
        }
        return bitmap + nonzeros
    }

    /// Stored size of `values` if encoded: the bitmap plus one byte per nonzero.
    public static func storedBytes(of values: [UInt8]) -> Int {
        (values.count + 7) / 8 + values.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
    }

    /// The writer stores a filter sparse from this fraction of zeros on (0.625× its dense
    /// bytes there). Below it the saving is at most 37.5 %, and the kernels that skip zeros
    /// execute more instructions than the dense ones on the cores measured (docs/BENCHMARKS.md,
    /// "Sparse against dense"), so a filter whose zeros are incidental stays dense and fast.
    public static let minimumZeroFraction = 0.5

    /// Whether the writer stores a filter of `count` values with `nonzeros` of them nonzero
    /// sparse: from `minimumZeroFraction` zeros on.
    public static func isStoredSparse(count: Int, nonzeros: Int) -> Bool {
        count > 0 && Double(count - nonzeros) >= minimumZeroFraction * Double(count)
    }

    /// The bytes the writer stores for such a filter of int8 values: sparse (bitmap and
    /// nonzeros) or dense, as `isStoredSparse` decides.
    public static func filterBytes(count: Int, nonzeros: Int) -> Int {
        isStoredSparse(count: count, nonzeros: nonzeros) ? (count + 7) / 8 + nonzeros : count
    }

    /// For each position k of the sparse element order, the dense row-major index of that
    /// element: row r = k / rowLength, the rest in row-major order of the other axes.
    public static func elementOrder(shape: [Int], rowAxis: Int) -> [Int] {
        let count = shape.reduce(1, *)
        let rows = shape[rowAxis]
        let inner = shape[(rowAxis + 1)...].reduce(1, *)   // stride of the row axis
        let outer = shape[..<rowAxis].reduce(1, *)
        var order: [Int] = []
        order.reserveCapacity(count)
        for r in 0..<rows {
            for o in 0..<outer {
                for i in 0..<inner {
                    order.append((o * rows + r) * inner + i)
                }
            }
        }
        return order
    }
}
