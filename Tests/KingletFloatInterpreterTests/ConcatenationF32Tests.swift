import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct ConcatenationF32Tests {
    /// Three inputs along the last axis (given as −1), with RELU.
    @Test func lastAxis() throws {
        let y = try FloatTesting.run(.concatenation(axis: -1, activation: .relu),
                                     [.input([2, 1]), .input([2, 2]), .constant([2, 1], [-5, 9])],
                                     output: [2, 4], [[1, 2], [-3, 4, 5, 6]])
        #expect(y == [1, 0, 4, 0,
                      2, 5, 6, 9])
    }

    /// Along axis 1 of NHWC tensors: [1, 1, 2, 2] and [1, 2, 2, 2] → [1, 3, 2, 2].
    @Test func middleAxis() throws {
        let a: [Float] = [1, 2, 3, 4]
        let b: [Float] = [5, 6, 7, 8, 9, 10, 11, 12]
        let y = try FloatTesting.run(.concatenation(axis: 1, activation: .none), [.input([1, 1, 2, 2]), .input([1, 2, 2, 2])],
                                     output: [1, 3, 2, 2], [a, b])
        #expect(y == a + b)
        // Axis 2: rows interleave.
        let z = try FloatTesting.run(.concatenation(axis: -2, activation: .none), [.input([2, 1, 2]), .input([2, 2, 2])],
                                     output: [2, 3, 2], [[1, 2, 3, 4], [5, 6, 7, 8, 9, 10, 11, 12]])
        #expect(z == [1, 2, 5, 6, 7, 8,  3, 4, 9, 10, 11, 12])
    }

    @Test func refusals() {
        let mismatch = FloatTesting.oneOp(.concatenation(axis: 1, activation: .none), [.input([2, 1]), .input([3, 1])],
                                          output: [2, 2])
        #expect(FloatTesting.initError(mismatch)?.contains("differ outside axis 1") == true)
        let badAxis = FloatTesting.oneOp(.concatenation(axis: 2, activation: .none), [.input([2, 1]), .input([2, 1])],
                                         output: [2, 2])
        #expect(FloatTesting.initError(badAxis)?.contains("axis 2 is outside") == true)
    }
}
