import KingletFormat
import KingletIR
@testable import KingletInterpreter
import KingletTestSupport
import Testing

/// REDUCE_MAX: both engines agree byte for byte, with hand-computed values and with a plain
/// re-statement (the largest int8 value per output); lowering refuses differing input and
/// output quantization, as TFLite Micro does; hostile records are refused by both engines.
@Suite struct ReduceMaxTests {
    static func graph(_ input: [Int], axes: [Int32], keepDims: Bool, inputQ: (Float, Int) = (0.5, -3),
                      outputQ: (Float, Int) = (0.5, -3), output: [Int]? = nil) -> Graph {
        let shape = output ?? MeanTests.outputShape(input, axes: axes, keepDims: keepDims)
        return OneOpGraph.make(.reduceMax(keepDims: keepDims),
                               operands: [OneOpGraph.int8("x", input, scale: inputQ.0, zeroPoint: inputQ.1),
                                          OneOpGraph.int32("axes", [axes.count], axes)],
                               output: OneOpGraph.int8("y", shape, scale: outputQ.0, zeroPoint: outputQ.1))
    }

    @Test func handComputed() throws {
        // [[1, 7, −3], [−128, −128, −127]] over axis 1 → [7, −127]; over axis 0 → [1, 7, −3].
        let x: [Int8] = [1, 7, -3, -128, -128, -127]
        #expect(try OneOpGraph.run(Self.graph([2, 3], axes: [1], keepDims: false), [x]) == [7, -127])
        #expect(try OneOpGraph.run(Self.graph([2, 3], axes: [0], keepDims: true), [x]) == [1, 7, -3])
        #expect(try OneOpGraph.run(Self.graph([2, 3], axes: [0, -1], keepDims: false), [x]) == [7])
        // Every element −128: the maximum is −128 (the start value is not a candidate).
        #expect(try OneOpGraph.run(Self.graph([1, 2, 2, 1], axes: [1, 2], keepDims: true), [[-128, -128, -128, -128]]) == [-128])
    }

    @Test(arguments: [
        MeanTests.Case(input: [1, 7, 7, 16], axes: [1, 2], keepDims: true),
        MeanTests.Case(input: [1, 5, 6, 3], axes: [2, 1], keepDims: false),
        MeanTests.Case(input: [2, 3, 4], axes: [0, 2], keepDims: false),
        MeanTests.Case(input: [2, 3, 4], axes: [-1, 2, -1], keepDims: true),
        MeanTests.Case(input: [3, 1, 2, 1, 2, 5], axes: [1, 3, 5], keepDims: false),
        MeanTests.Case(input: [6, 9], axes: [], keepDims: true),
    ])
    func randomAgainstReference(_ c: MeanTests.Case) throws {
        var rng = SeededGenerator(seed: UInt64(3 * c.input.reduce(1, *) + c.axes.count))
        let x = OneOpGraph.random(c.input.reduce(1, *), using: &rng)
        let got = try OneOpGraph.run(Self.graph(c.input, axes: c.axes, keepDims: c.keepDims), [x])
        #expect(got == Self.reference(x, c.input, axes: c.axes))
    }

    @Test func loweringRefusals() {
        #expect(OneOpGraph.loweringError(Self.graph([2, 3], axes: [1], keepDims: false, outputQ: (0.25, -3)))?.contains("share") == true)
        #expect(OneOpGraph.loweringError(Self.graph([2, 3], axes: [1], keepDims: false, outputQ: (0.5, 0))) != nil)
        #expect(OneOpGraph.loweringError(Self.graph([2, 3], axes: [2], keepDims: false, output: [2, 3])) != nil)
        #expect(OneOpGraph.loweringError(Self.graph([2, 3], axes: [1], keepDims: true, output: [2])) != nil)
        #expect(OneOpGraph.loweringError(Self.graph([2, 3], axes: [1], keepDims: false)) == nil)
    }

    @Test func hostileOptionsAreRefusedByBoth() throws {
        let g = Self.graph([2, 3, 4], axes: [1], keepDims: false)
        typealias O = ReduceMaxOptions
        let option = HostileRecords.option
        try HostileRecords.expectRefusals(try KglLowering.lower(g, plan: BothEngines.simplePlan(g)), mutations: [
            option(O.axisMask, 8, "axis mask beyond rank"), option(O.axisMask, -1, "axis mask"),
            option(O.axisMask, 1, "axis mask (other axis)"),
            HostileRecords.Mutation(name: "output [2, 3]") { p in p.tensors[p.operators[0].outputs[0]].shape = [2, 3] },
            HostileRecords.Mutation(name: "output int16") { p in
                let t = p.operators[0].outputs[0]
                p.tensors[t].type = .int16
                p.tensors[t].shape = [2, 2]
            },
        ])
    }

    /// The largest input value over the reduced axes, per output (kept axes in order).
    static func reference(_ x: [Int8], _ input: [Int], axes: [Int32]) -> [Int8] {
        let reduced = MeanTests.resolved(axes, rank: input.count)
        let keptAxes = input.indices.filter { !reduced.contains($0) }
        var out = [Int8?](repeating: nil, count: keptAxes.map { input[$0] }.reduce(1, *))
        for flat in x.indices {
            var rest = flat
            var index = [Int](repeating: 0, count: input.count)
            for axis in input.indices.reversed() {
                index[axis] = rest % input[axis]
                rest /= input[axis]
            }
            var k = 0
            for axis in keptAxes { k = k * input[axis] + index[axis] }
            out[k] = max(out[k] ?? x[flat], x[flat])
        }
        return out.map { $0! }
    }
}
