import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct TransposeF32Tests {
    /// Output axis i is input axis perm[i]: out[i0][i1][i2][i3] = in[index with in[perm[k]] = ik].
    @Test func permutesAgainstNaiveIndexing() throws {
        let shape = [2, 3, 4, 5]
        let x = (0..<120).map(Float.init)
        for perm in [[0, 3, 1, 2], [3, 2, 1, 0], [1, 0, 2, 3], [0, 1, 2, 3]] {
            let outShape = perm.map { shape[$0] }
            let y = try FloatTesting.run(.transpose, [.input(shape), .int32([4], perm.map(Int32.init))],
                                         output: outShape, [x])
            var expected: [Float] = []
            for a in 0..<outShape[0] { for b in 0..<outShape[1] { for c in 0..<outShape[2] { for d in 0..<outShape[3] {
                var index = [0, 0, 0, 0]
                for (k, value) in [a, b, c, d].enumerated() { index[perm[k]] = value }
                expected.append(x[((index[0] * 3 + index[1]) * 4 + index[2]) * 5 + index[3]])
            } } } }
            #expect(y == expected, "\(perm)")
        }
    }

    @Test func matrixByHand() throws {
        let y = try FloatTesting.run(.transpose, [.input([2, 3]), .int64([2], [1, 0])], output: [3, 2], [[1, 2, 3, 4, 5, 6]])
        #expect(y == [1, 4, 2, 5, 3, 6])
    }

    @Test func badPermutations() {
        for perm: [Int32] in [[0, 0, 1], [0, 1, 3], [-1, 0, 1]] {
            let g = FloatTesting.oneOp(.transpose, [.input([1, 2, 3]), .int32([3], perm)], output: [1, 2, 3])
            #expect(FloatTesting.initError(g)?.contains("is not a permutation") == true, "\(perm)")
        }
        let short = FloatTesting.oneOp(.transpose, [.input([1, 2, 3]), .int32([2], [1, 0])], output: [2, 1, 3])
        #expect(FloatTesting.initError(short)?.contains("permutation has shape [2], expected [3]") == true)
    }
}
