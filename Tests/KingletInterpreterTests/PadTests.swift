import KingletFormat
import KingletIR
@testable import KingletInterpreter
import KingletTestSupport
import Testing

/// PAD and PADV2: both engines agree byte for byte, with hand-computed values and with a
/// plain re-statement of TFLite's PadImpl (every output index inside the input copies it,
/// every other gets the pad value).
@Suite struct PadTests {
    static func graph(_ input: [Int], _ paddings: [[Int]], constant: Int8? = nil,
                      constantQ: (Float, Int) = (0.25, 4), output: [Int]? = nil,
                      int64: Bool = false) -> Graph {
        let flat = paddings.flatMap { $0 }
        let paddingTensor = int64
            ? Tensor(name: "p", type: .int64, shape: [paddings.count, 2],
                     data: flat.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: Int64(v) >> (8 * Int64($0))) } })
            : OneOpGraph.int32("p", [paddings.count, 2], flat.map { Int32($0) })
        var operands = [OneOpGraph.int8("x", input, scale: 0.25, zeroPoint: 4), paddingTensor]
        if let constant {
            operands.append(OneOpGraph.int8("c", [], scale: constantQ.0, zeroPoint: constantQ.1, data: [constant]))
        }
        let shape = output ?? zip(input, paddings).map { $0 + $1[0] + $1[1] }
        return OneOpGraph.make(.pad, operands: operands,
                               output: OneOpGraph.int8("y", shape, scale: 0.25, zeroPoint: 4))
    }

    /// The pad value is the output zero point (4), or PADV2's constant.
    @Test func handComputed() throws {
        #expect(try OneOpGraph.run(Self.graph([2], [[1, 2]]), [[1, 2]]) == [4, 1, 2, 4, 4])
        #expect(try OneOpGraph.run(Self.graph([2], [[1, 2]], constant: -7), [[1, 2]]) == [-7, 1, 2, -7, -7])
        #expect(try OneOpGraph.run(Self.graph([2, 2], [[1, 0], [0, 1]]), [[1, 2, 3, 4]])
                == [4, 4, 4, 1, 2, 4, 3, 4, 4])
    }

    @Test(arguments: [
        ([1, 4, 4, 3], [[0, 0], [1, 1], [1, 1], [0, 0]]),
        ([1, 5, 3, 2], [[0, 0], [0, 2], [3, 0], [1, 1]]),
        ([2, 3, 2, 2, 3], [[1, 0], [0, 1], [2, 2], [0, 0], [1, 3]]),
        ([3, 4], [[2, 0], [0, 5]]),
        ([7], [[0, 0]]),
        ([1, 2, 2, 1], [[1, 1], [0, 0], [0, 0], [2, 1]]),
    ])
    func randomAgainstReference(_ input: [Int], _ paddings: [[Int]]) throws {
        var rng = SeededGenerator(seed: UInt64(input.reduce(1, *)))
        let x = OneOpGraph.random(input.reduce(1, *), using: &rng)
        for constant in [nil, Int8(-100)] {
            let got = try OneOpGraph.run(Self.graph(input, paddings, constant: constant), [x])
            #expect(got == Self.reference(x, input, paddings, value: constant ?? 4))
        }
    }

    /// int64 paddings (as TFLite's PAD accepts) give the same model.
    @Test func int64Paddings() throws {
        let a = try BothEngines.lower(Self.graph([2, 3], [[1, 0], [2, 1]]))
        let b = try BothEngines.lower(Self.graph([2, 3], [[1, 0], [2, 1]], int64: true))
        #expect(a == b)
    }

    @Test func loweringRefusals() {
        #expect(OneOpGraph.loweringError(Self.graph([2], [[-1, 2]], output: [3])) != nil)
        #expect(OneOpGraph.loweringError(Self.graph([2], [[1, 2]], output: [6])) != nil)
        #expect(OneOpGraph.loweringError(Self.graph([2], [[1, 2]], constant: 1, constantQ: (0.5, 4))) != nil)
        #expect(OneOpGraph.loweringError(Self.graph([2], [[1, 2]], constant: 1, constantQ: (0.25, 3))) != nil)
        #expect(OneOpGraph.loweringError(Self.graph([1, 1, 1, 1, 1, 2], [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [1, 1]])) != nil)
    }

    @Test func hostileOptionsAreRefusedByBoth() throws {
        let g = Self.graph([2, 3], [[1, 0], [2, 1]])
        typealias O = PadOptions
        let option = HostileRecords.option
        try HostileRecords.expectRefusals(try KglLowering.lower(g, plan: BothEngines.simplePlan(g)), mutations: [
            option(O.before3, -1, "before3"), option(O.after4, 2, "after4 (sum off)"),
            option(O.before0, 1, "before0 on an added axis"), option(O.padValue, 128, "pad value"),
            option(O.padValue, -129, "pad value"), option(O.after3, Int32.max, "after3"),
            HostileRecords.Mutation(name: "output rank 3") { p in p.tensors[p.operators[0].outputs[0]].shape = [1, 3, 6] },
            HostileRecords.Mutation(name: "input rank 6") { p in
                p.tensors[p.operators[0].inputs[0]].shape = [1, 1, 1, 1, 2, 3]
                p.tensors[p.operators[0].outputs[0]].shape = [1, 1, 1, 1, 3, 6]
            },
            HostileRecords.Mutation(name: "output int16") { p in
                let t = p.operators[0].outputs[0]
                p.tensors[t].type = .int16
                p.tensors[t].shape = [3, 3]
            },
        ])
    }

    /// Output index by output index: inside the input's box it reads the input, else the value.
    static func reference(_ x: [Int8], _ input: [Int], _ paddings: [[Int]], value: Int8) -> [Int8] {
        let output = zip(input, paddings).map { $0 + $1[0] + $1[1] }
        return (0..<output.reduce(1, *)).map { n in
            var rest = n
            var index = [Int](repeating: 0, count: output.count)
            for axis in output.indices.reversed() {
                index[axis] = rest % output[axis]
                rest /= output[axis]
            }
            var flat = 0
            for axis in input.indices {
                let i = index[axis] - paddings[axis][0]
                guard i >= 0, i < input[axis] else { return value }
                flat = flat * input[axis] + i
            }
            return x[flat]
        }
    }
}
