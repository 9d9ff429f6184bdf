import KingletFormat
import KingletIR
@testable import KingletInterpreter
import KingletTestSupport
import Testing

/// CONCATENATION: both engines agree byte for byte and equal a plain re-statement (each
/// output element read from the input that owns its coordinate along the axis).
@Suite struct ConcatenationTests {
    static func graph(_ inputs: [[Int]], axis: Int, output: [Int]? = nil, activation: Activation = .none,
                      scales: [Float]? = nil, constantLast: [Int8]? = nil) -> Graph {
        var shape = output ?? inputs[0]
        if output == nil {
            let resolved = axis < 0 ? axis + shape.count : axis
            shape[resolved] = inputs.map { $0[resolved] }.reduce(0, +)
        }
        let operands = inputs.enumerated().map { i, s in
            OneOpGraph.int8("x\(i)", s, scale: scales?[i] ?? 0.3, zeroPoint: 2,
                            data: i == inputs.count - 1 ? constantLast : nil)
        }
        return OneOpGraph.make(.concatenation(axis: axis, activation: activation), operands: operands,
                               output: OneOpGraph.int8("y", shape, scale: 0.3, zeroPoint: 2))
    }

    @Test func handComputed() throws {
        #expect(try OneOpGraph.run(Self.graph([[2], [1]], axis: 0), [[1, 2], [3]]) == [1, 2, 3])
        // [[1, 2], [3, 4]] ++ [[5], [6]] along the last axis (given as −1).
        #expect(try OneOpGraph.run(Self.graph([[2, 2], [2, 1]], axis: -1), [[1, 2, 3, 4], [5, 6]])
                == [1, 2, 5, 3, 4, 6])
        // A constant operand is copied from the data section.
        #expect(try OneOpGraph.run(Self.graph([[1, 2], [1, 1]], axis: 1, constantLast: [9]), [[1, 2]]) == [1, 2, 9])
    }

    @Test(arguments: [
        ([[1, 4, 4, 3], [1, 4, 4, 5], [1, 4, 4, 1]], 3),
        ([[2, 3, 4], [2, 1, 4]], 1),
        ([[2, 3, 4], [5, 3, 4], [1, 3, 4]], -3),
        ([[1, 2, 2, 1, 2, 3], [1, 2, 2, 2, 2, 3]], 3),
        ([[3, 7]], 1),
    ])
    func randomAgainstReference(_ shapes: [[Int]], _ axis: Int) throws {
        var rng = SeededGenerator(seed: UInt64(shapes.count * 31 + axis + 7))
        let xs = shapes.map { OneOpGraph.random($0.reduce(1, *), using: &rng) }
        let got = try OneOpGraph.run(Self.graph(shapes, axis: axis), xs)
        #expect(got == Self.reference(xs, shapes, axis: axis))
    }

    /// TFLite Micro refuses int8 inputs whose scale or zero point differ from the output's and
    /// any fused activation; shapes must agree off the axis.
    @Test func loweringRefusals() {
        #expect(OneOpGraph.loweringError(Self.graph([[2], [1]], axis: 0, scales: [0.3, 0.31])) != nil)
        #expect(OneOpGraph.loweringError(Self.graph([[2], [1]], axis: 0, activation: .relu)) != nil)
        #expect(OneOpGraph.loweringError(Self.graph([[2, 2], [3, 1]], axis: 1, output: [2, 3])) != nil)
        #expect(OneOpGraph.loweringError(Self.graph([[2, 2], [2, 1]], axis: 2, output: [2, 3])) != nil)
        #expect(OneOpGraph.loweringError(Self.graph([[2, 2], [2, 1]], axis: 1, output: [2, 4])) != nil)
    }

    @Test func hostileOptionsAreRefusedByBoth() throws {
        let g = Self.graph([[2, 2], [2, 1]], axis: 1)
        try HostileRecords.expectRefusals(try KglLowering.lower(g, plan: BothEngines.simplePlan(g)), mutations: [
            HostileRecords.option(ConcatenationOptions.axis, 2, "axis"),
            HostileRecords.option(ConcatenationOptions.axis, -1, "axis"),
            HostileRecords.option(ConcatenationOptions.axis, 0, "axis (inputs differ off it)"),
            HostileRecords.Mutation(name: "output [2, 4]") { p in p.tensors[p.operators[0].outputs[0]].shape = [2, 4] },
            HostileRecords.Mutation(name: "input 1 rank 1") { p in p.tensors[p.operators[0].inputs[1]].shape = [2] },
            HostileRecords.Mutation(name: "input 1 int16") { p in p.tensors[p.operators[0].inputs[1]].type = .int16 },
            HostileRecords.Mutation(name: "output rank 0") { p in
                let t = p.operators[0].outputs[0]
                p.tensors[t].shape = []
                p.tensors[t].type = .int8
            },
        ])
    }

    static func reference(_ xs: [[Int8]], _ shapes: [[Int]], axis: Int) -> [Int8] {
        let rank = shapes[0].count
        let a = axis < 0 ? axis + rank : axis
        var output = shapes[0]
        output[a] = shapes.map { $0[a] }.reduce(0, +)
        return (0..<output.reduce(1, *)).map { n in
            var rest = n
            var index = [Int](repeating: 0, count: rank)
            for d in (0..<rank).reversed() {
                index[d] = rest % output[d]
                rest /= output[d]
            }
            var which = 0
            while index[a] >= shapes[which][a] {
                index[a] -= shapes[which][a]
                which += 1
            }
            var flat = 0
            for d in 0..<rank { flat = flat * shapes[which][d] + index[d] }
            return xs[which][flat]
        }
    }
}
