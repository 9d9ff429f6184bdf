import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct ResizeNearestNeighborF32Tests {
    /// An integer upscale repeats each pixel (Keras UpSampling2D); two channels.
    @Test func upscaleByTwo() throws {
        let x: [Float] = [1, -1, 2, -2,  3, -3, 4, -4]
        let y = try FloatTesting.run(.resizeNearestNeighbor, [.input([1, 2, 2, 2]), .int32([2], [4, 4])],
                                     output: [1, 4, 4, 2], [x])
        var expected: [Float] = []
        for r in 0..<4 { for c in 0..<4 { let v = Float((r / 2) * 2 + c / 2 + 1); expected += [v, -v] } }
        #expect(y == expected)
    }

    /// 3 → 5 rows: scale 0.6, sources ⌊0, 0.6, 1.2, 1.8, 2.4⌋ = 0, 0, 1, 1, 2; 2 → 3 columns:
    /// scale 2/3, sources ⌊0, 0.67, 1.33⌋ = 0, 0, 1. Downscale 4 → 2: sources 0, 2.
    @Test func nonIntegerScales() throws {
        let x: [Float] = [1, 2,  3, 4,  5, 6]
        let y = try FloatTesting.run(.resizeNearestNeighbor, [.input([1, 3, 2, 1]), .int32([2], [5, 3])],
                                     output: [1, 5, 3, 1], [x])
        #expect(y == [1, 1, 2,  1, 1, 2,  3, 3, 4,  3, 3, 4,  5, 5, 6])
        let down = try FloatTesting.run(.resizeNearestNeighbor, [.input([1, 1, 4, 1]), .int32([2], [1, 2])],
                                        output: [1, 1, 2, 1], [[7, 8, 9, 10]])
        #expect(down == [7, 9])
    }

    @Test func sizeMustMatchOutput() {
        let g = FloatTesting.oneOp(.resizeNearestNeighbor, [.input([1, 2, 2, 1]), .int32([2], [4, 4])], output: [1, 4, 3, 1])
        #expect(FloatTesting.initError(g)?.contains("output has shape [1, 4, 3, 1], expected [1, 4, 4, 1]") == true)
    }
}
