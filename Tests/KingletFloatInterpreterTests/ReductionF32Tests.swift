import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct ReductionF32Tests {
    /// x[b][h][w][c] = 100·b + 10·h + w + c/10 on [2, 2, 3, 2].
    static let x: [Float] = {
        var v: [Float] = []
        for b in 0..<2 { for h in 0..<2 { for w in 0..<3 { for c in 0..<2 {
            v.append(Float(100 * b + 10 * h + w) + Float(c) / 10)
        } } } }
        return v
    }()

    /// Global average pooling: MEAN over H and W, kept as 1s or dropped.
    @Test func meanOverSpatialAxes() throws {
        // Mean of 10·h + w over h ∈ {0, 1}, w ∈ {0, 1, 2} is 5 + 1 = 6.
        let expected: [Float] = [6, 6.1, 106, 106.1]
        #expect(FloatTesting.close(try FloatTesting.run(.mean(keepDims: true), [.input([2, 2, 3, 2]), .int32([2], [1, 2])],
                                                        output: [2, 1, 1, 2], [Self.x]), expected))
        #expect(FloatTesting.close(try FloatTesting.run(.mean(keepDims: false), [.input([2, 2, 3, 2]), .int32([2], [1, 2])],
                                                        output: [2, 2], [Self.x]), expected))
    }

    /// Negative axes count from the end; a repeated axis counts once; int64 and scalar axes.
    @Test func negativeRepeatedAndScalarAxes() throws {
        // Axes −3, 1 (the same axis twice) and −1: over h and c → [2, 3].
        let y = try FloatTesting.run(.mean(keepDims: false), [.input([2, 2, 3, 2]), .int64([3], [-3, 1, -1])],
                                     output: [2, 3], [Self.x])
        var expected: [Float] = []
        for b in 0..<2 { for w in 0..<3 { expected.append(Float(100 * b + 5 + w) + 0.05) } }
        #expect(FloatTesting.close(y, expected))
        // A scalar axis: the last one.
        let z = try FloatTesting.run(.reduceMax(keepDims: true), [.input([2, 2, 3, 2]), .int32([], [-1])],
                                     output: [2, 2, 3, 1], [Self.x])
        #expect(z == stride(from: 1, to: 24, by: 2).map { Self.x[$0] })
    }

    /// REDUCE_MAX over the batch and width axes.
    @Test func reduceMax() throws {
        let y = try FloatTesting.run(.reduceMax(keepDims: false), [.input([2, 2, 3, 2]), .int32([2], [0, 2])],
                                     output: [2, 2], [Self.x])
        #expect(y == [102, 102.1, 112, 112.1])
        // Negative values: the maximum is not clamped at 0.
        let negative = try FloatTesting.run(.reduceMax(keepDims: false), [.input([2, 2]), .int32([1], [1])],
                                            output: [2], [[-3, -2, -9, -8]])
        #expect(negative == [-2, -8])
    }

    @Test func refusals() {
        let badAxis = FloatTesting.oneOp(.mean(keepDims: true), [.input([2, 3]), .int32([1], [2])], output: [2, 1])
        #expect(FloatTesting.initError(badAxis)?.contains("axis 2 is outside -2..<2") == true)
        let wrongKeep = FloatTesting.oneOp(.mean(keepDims: false), [.input([2, 3]), .int32([1], [1])], output: [2, 1])
        #expect(FloatTesting.initError(wrongKeep)?.contains("expected [2]") == true)
    }
}
