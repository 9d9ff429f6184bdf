import KingletFloatInterpreter
import KingletIR
import Testing

@Suite struct ReshapeF32Tests {
    static let x: [Float] = [1, 2, 3, 4, 5, 6]

    @Test func copiesValues() throws {
        #expect(try FloatTesting.run(.reshape, [.input([1, 2, 3]), .int32([2], [3, 2])], output: [3, 2], [Self.x]) == Self.x)
        #expect(try FloatTesting.run(.reshape, [.input([1, 2, 3])], output: [6], [Self.x]) == Self.x)
        #expect(try FloatTesting.run(.identity, [.input([2, 3])], output: [2, 3], [Self.x]) == Self.x)
        #expect(try FloatTesting.run(.squeeze(axes: [0, -2]), [.input([1, 6, 1, 1])], output: [6, 1], [Self.x]) == Self.x)
        #expect(try FloatTesting.run(.squeeze(axes: []), [.input([1, 6, 1])], output: [6], [Self.x]) == Self.x)
    }

    @Test func refusals() {
        let count = FloatTesting.oneOp(.reshape, [.input([2, 3])], output: [4])
        #expect(FloatTesting.initError(count)?.contains("has 4 elements") == true)
        let notOne = FloatTesting.oneOp(.squeeze(axes: [1]), [.input([1, 6])], output: [6])
        #expect(FloatTesting.initError(notOne)?.contains("not 1") == true)
        let wrongAxes = FloatTesting.oneOp(.squeeze(axes: [0]), [.input([1, 6, 1])], output: [6])
        #expect(FloatTesting.initError(wrongAxes)?.contains("expected [6, 1]") == true)
    }
}
