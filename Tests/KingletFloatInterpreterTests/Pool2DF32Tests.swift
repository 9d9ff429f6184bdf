import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct Pool2DF32Tests {
    static func pool(_ k: Int, _ s: Int, _ padding: Padding, _ activation: Activation = .none) -> Pool2DAttributes {
        Pool2DAttributes(filterH: k, filterW: k, strideH: s, strideW: s, padding: padding, activation: activation)
    }

    /// 4×4 input 1…16, 3×3 SAME stride 2: padTotal 1, all after. Window (0, 0) has 9 cells,
    /// (0, 1) 6 cells (columns 2–3), (1, 0) 6 cells (rows 2–3), (1, 1) 4 cells; padded cells
    /// are not counted.
    @Test func averageSameExcludesPadding() throws {
        let x = (1...16).map(Float.init)
        let y = try FloatTesting.run(.averagePool2D(Self.pool(3, 2, .same)), [.input([1, 4, 4, 1])],
                                     output: [1, 2, 2, 1], [x])
        let expected: [Float] = [54.0 / 9, (3 + 4 + 7 + 8 + 11 + 12) / 6.0,
                                 (9 + 10 + 11 + 13 + 14 + 15) / 6.0, (11 + 12 + 15 + 16) / 4.0]
        #expect(FloatTesting.close(y, expected))
    }

    /// 3×3 SAME stride 1 on 3×3 (padTotal 2 → 1 before): the corner window holds 4 cells.
    /// Negative values show the padding is not a zero in the maximum either.
    @Test func maxSameIgnoresPadding() throws {
        let x: [Float] = [-1, -2, -3, -4, -5, -6, -7, -8, -9]
        let y = try FloatTesting.run(.maxPool2D(Self.pool(3, 1, .same)), [.input([1, 3, 3, 1])],
                                     output: [1, 3, 3, 1], [x])
        #expect(y == [-1, -1, -2, -1, -1, -2, -4, -4, -5])
        let average = try FloatTesting.run(.averagePool2D(Self.pool(3, 1, .same)), [.input([1, 3, 3, 1])],
                                           output: [1, 3, 3, 1], [x])
        #expect(FloatTesting.close(average, [-3, -3.5, -4, -4.5, -5, -5.5, -6, -6.5, -7]))
    }

    /// VALID 2×2 stride 2 on two channels and two batches, against a naive loop; RELU6 on max.
    @Test func validTwoChannelsTwoBatches() throws {
        let x = FloatTesting.random(2 * 4 * 6 * 2, seed: 51).map { $0 * 10 }
        func naive(_ f: ([Float]) -> Float) -> [Float] {
            var out: [Float] = []
            for b in 0..<2 { for oy in 0..<2 { for ox in 0..<3 { for c in 0..<2 {
                var cells: [Float] = []
                for dy in 0..<2 { for dx in 0..<2 {
                    cells.append(x[((b * 4 + oy * 2 + dy) * 6 + ox * 2 + dx) * 2 + c])
                } }
                out.append(f(cells))
            } } } }
            return out
        }
        let maxY = try FloatTesting.run(.maxPool2D(Self.pool(2, 2, .valid, .relu6)), [.input([2, 4, 6, 2])],
                                        output: [2, 2, 3, 2], [x])
        #expect(maxY == naive { min(max($0.max()!, 0), 6) })
        let avgY = try FloatTesting.run(.averagePool2D(Self.pool(2, 2, .valid)), [.input([2, 4, 6, 2])],
                                        output: [2, 2, 3, 2], [x])
        #expect(FloatTesting.close(avgY, naive { $0.reduce(0, +) / 4 }))
    }

    /// A rectangular window with different strides: 5×7 input, 2×3 window, strides (1, 2),
    /// SAME: output 5×4; along the width padTotal = 3·2 + 3 − 7 = 2 → 1 before.
    @Test func rectangularWindowSame() throws {
        let x = (0..<35).map(Float.init)
        let attributes = Pool2DAttributes(filterH: 2, filterW: 3, strideH: 1, strideW: 2, padding: .same, activation: .none)
        let y = try FloatTesting.run(.maxPool2D(attributes), [.input([1, 5, 7, 1])], output: [1, 5, 4, 1], [x])
        // Rows: padTotal = 4 + 2 − 5 = 1 → 0 before, so window rows oy, oy+1 (clipped at 4).
        var expected: [Float] = []
        for oy in 0..<5 {
            for ox in 0..<4 {
                let row = min(oy + 1, 4)
                let column = min(ox * 2 - 1 + 2, 6)
                expected.append(Float(row * 7 + column))
            }
        }
        #expect(y == expected)
    }
}
