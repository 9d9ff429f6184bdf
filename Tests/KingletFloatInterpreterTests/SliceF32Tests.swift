import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct SliceF32Tests {
    /// x[i][j][k] = 100 i + 10 j + k on [2, 3, 4]; begin (1, 0, 1), size (1, −1, 2).
    @Test func sliceWithRestOfAxis() throws {
        var x: [Float] = []
        for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { x.append(Float(100 * i + 10 * j + k)) } } }
        let y = try FloatTesting.run(.slice, [.input([2, 3, 4]), .int32([3], [1, 0, 1]), .int32([3], [1, -1, 2])],
                                     output: [1, 3, 2], [x])
        #expect(y == [101, 102, 111, 112, 121, 122])
    }

    @Test func refusals() {
        let outside = FloatTesting.oneOp(.slice, [.input([4]), .int32([1], [2]), .int32([1], [3])], output: [3])
        #expect(FloatTesting.initError(outside)?.contains("does not fit") == true)
        let wrongOutput = FloatTesting.oneOp(.slice, [.input([4]), .int32([1], [1]), .int32([1], [-1])], output: [2])
        #expect(FloatTesting.initError(wrongOutput)?.contains("expected [3]") == true)
    }
}
