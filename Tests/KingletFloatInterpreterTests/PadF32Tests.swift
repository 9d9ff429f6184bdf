import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct PadF32Tests {
    /// [2, 2] padded by (1, 0) rows and (0, 2) columns → [3, 4].
    @Test func zeroPadding() throws {
        let y = try FloatTesting.run(.pad, [.input([2, 2]), .int32([2, 2], [1, 0, 0, 2])], output: [3, 4], [[1, 2, 3, 4]])
        #expect(y == [0, 0, 0, 0,
                      1, 2, 0, 0,
                      3, 4, 0, 0])
    }

    /// int64 paddings, a constant value, padding on all four NHWC axes (ZeroPadding2D pads H and W).
    @Test func constantValueAndInt64Paddings() throws {
        let y = try FloatTesting.run(.pad, [.input([1, 1, 2, 1]), .int64([4, 2], [0, 0, 1, 1, 0, 1, 0, 0]),
                                            .constant([], [-7])],
                                     output: [1, 3, 3, 1], [[5, 6]])
        #expect(y == [-7, -7, -7,
                      5, 6, -7,
                      -7, -7, -7])
        // A rank-3 input padded on every axis, against naive indexing.
        let x = (0..<12).map(Float.init)
        let z = try FloatTesting.run(.pad, [.input([2, 3, 2]), .int32([3, 2], [1, 0, 0, 1, 2, 1]), .absent],
                                     output: [3, 4, 5], [x])
        var expected: [Float] = []
        for i in 0..<3 { for j in 0..<4 { for k in 0..<5 {
            let (a, b, c) = (i - 1, j, k - 2)
            expected.append(a >= 0 && a < 2 && b < 3 && c >= 0 && c < 2 ? x[(a * 3 + b) * 2 + c] : 0)
        } } }
        #expect(z == expected)
    }

    @Test func refusals() {
        let negative = FloatTesting.oneOp(.pad, [.input([2, 2]), .int32([2, 2], [0, 0, -1, 0])], output: [2, 1])
        #expect(FloatTesting.initError(negative)?.contains("must be ≥ 0") == true)
        let wrongRank = FloatTesting.oneOp(.pad, [.input([2, 2]), .int32([1, 2], [1, 1])], output: [4, 2])
        #expect(FloatTesting.initError(wrongRank)?.contains("paddings has shape [1, 2], expected [2, 2]") == true)
        let huge = FloatTesting.oneOp(.pad, [.input([2, 2]), .int64([2, 2], [0, Int64.max, 0, 0])], output: [2, 2])
        #expect(FloatTesting.initError(huge)?.contains("overflows") == true)
    }
}
