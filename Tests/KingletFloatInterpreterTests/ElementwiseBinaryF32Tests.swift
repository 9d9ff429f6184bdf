import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct ElementwiseBinaryF32Tests {
    /// [1, 3, 4] + [4]: the vector is added to each of the 3 rows.
    @Test func addBroadcastsVectorOverRank3() throws {
        let a = (0..<12).map(Float.init)
        let b: [Float] = [100, 200, 300, 400]
        let y = try FloatTesting.run(.add(activation: .none), [.input([1, 3, 4]), .input([4])],
                                     output: [1, 3, 4], [a, b])
        #expect(y == (0..<12).map { a[$0] + b[$0 % 4] })
        // Operands swapped: the same.
        let swapped = try FloatTesting.run(.add(activation: .none), [.input([4]), .input([1, 3, 4])],
                                           output: [1, 3, 4], [b, a])
        #expect(swapped == y)
    }

    /// [1, 1, 1, 4] · [1, 2, 2, 4]: per-channel scaling (as a squeeze-and-excite gate).
    @Test func mulBroadcastsChannels() throws {
        let gate: [Float] = [0, 1, 2, -1]
        let x = (0..<16).map(Float.init)
        let y = try FloatTesting.run(.mul(activation: .none), [.input([1, 1, 1, 4]), .input([1, 2, 2, 4])],
                                     output: [1, 2, 2, 4], [gate, x])
        #expect(y == (0..<16).map { gate[$0 % 4] * x[$0] })
    }

    /// Both operands stretch: [2, 1, 3] − [4, 1] → [2, 4, 3], then RELU.
    @Test func subStretchesBothOperands() throws {
        let a: [Float] = [1, 2, 3, 4, 5, 6]
        let b: [Float] = [0, 2, 4, 6]
        let y = try FloatTesting.run(.sub(activation: .relu), [.input([2, 1, 3]), .constant([4, 1], b)],
                                     output: [2, 4, 3], [a])
        var expected: [Float] = []
        for i in 0..<2 { for j in 0..<4 { for k in 0..<3 { expected.append(max(a[i * 3 + k] - b[j], 0)) } } }
        #expect(y == expected)
    }

    /// MAXIMUM and MINIMUM with a scalar (rank 0) constant; ADD with RELU_N1_TO_1 and RELU6.
    @Test func maximumMinimumAndActivations() throws {
        let x: [Float] = [-2, -0.5, 0.5, 7]
        #expect(try FloatTesting.run(.maximum, [.input([2, 2]), .constant([], [0])], output: [2, 2], [x])
                == [0, 0, 0.5, 7])
        #expect(try FloatTesting.run(.minimum, [.input([2, 2]), .constant([], [0])], output: [2, 2], [x])
                == [-2, -0.5, 0, 0])
        #expect(try FloatTesting.run(.add(activation: .reluN1To1), [.input([4]), .input([4])], output: [4], [x, x])
                == [-1, -1, 1, 1])
        #expect(try FloatTesting.run(.mul(activation: .relu6), [.input([4]), .input([4])], output: [4], [x, x])
                == [4, 0.25, 0.25, 6])
    }

    /// PRELU: x ≥ 0 ? x : alpha · x, with a per-channel alpha [1, 1, 2] broadcast over [1, 2, 2].
    @Test func prelu() throws {
        let x: [Float] = [-1, -1, 2, -4]
        let y = try FloatTesting.run(.prelu, [.input([1, 2, 2]), .constant([1, 1, 2], [0.1, 0.5])],
                                     output: [1, 2, 2], [x])
        #expect(FloatTesting.close(y, [-0.1, -0.5, 2, -2]))
    }

    /// Shapes that do not broadcast, and an output that is not the broadcast shape, are refused.
    @Test func refusals() {
        let mismatch = FloatTesting.oneOp(.add(activation: .none), [.input([1, 3]), .input([2])], output: [1, 3])
        #expect(FloatTesting.initError(mismatch)?.contains("do not broadcast") == true)
        let wrongOutput = FloatTesting.oneOp(.add(activation: .none), [.input([1, 3]), .input([3])], output: [3])
        #expect(FloatTesting.initError(wrongOutput)?.contains("broadcast to [1, 3]") == true)
    }
}
