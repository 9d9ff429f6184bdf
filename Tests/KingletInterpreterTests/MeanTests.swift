import KingletFormat
import KingletIR
@testable import KingletInterpreter
import KingletTestSupport
import Testing

/// MEAN: both engines agree byte for byte, with hand-computed values and with a plain
/// re-statement of TFLite's reference_ops::QuantizedMeanOrSum (sum per output, then the
/// 1/n folded into the multiplier), for equal and for different input/output quantization.
@Suite struct MeanTests {
    static func graph(_ input: [Int], axes: [Int32], keepDims: Bool, inputQ: (Float, Int) = (0.5, -3),
                      outputQ: (Float, Int) = (0.5, -3), output: [Int]? = nil) -> Graph {
        let shape = output ?? Self.outputShape(input, axes: axes, keepDims: keepDims)
        return OneOpGraph.make(.mean(keepDims: keepDims),
                               operands: [OneOpGraph.int8("x", input, scale: inputQ.0, zeroPoint: inputQ.1),
                                          OneOpGraph.int32("axes", [axes.count], axes)],
                               output: OneOpGraph.int8("y", shape, scale: outputQ.0, zeroPoint: outputQ.1))
    }

    static func resolved(_ axes: [Int32], rank: Int) -> Set<Int> {
        Set(axes.map { $0 < 0 ? Int($0) + rank : Int($0) })
    }

    static func outputShape(_ input: [Int], axes: [Int32], keepDims: Bool) -> [Int] {
        let reduced = resolved(axes, rank: input.count)
        return input.indices.compactMap { reduced.contains($0) ? (keepDims ? 1 : nil) : input[$0] }
    }

    /// Equal quantization (s 1, zp 0): QuantizeMultiplier(1) = (2^30, 1); n = 4 folds into
    /// (2^30, −1). Sum 10 → high multiply 5 → 5/2 = 2.5 → 3; sum −10 → −5 → −3. n = 3:
    /// (2^31/3 = 715827882, 0): sum 4 → round(1.33) = 1, sum 5 → 2.
    @Test func handComputed() throws {
        let four = Self.graph([2, 4], axes: [1], keepDims: false, inputQ: (1, 0), outputQ: (1, 0))
        #expect(try OneOpGraph.run(four, [[1, 2, 3, 4, -1, -2, -3, -4]]) == [3, -3])
        let three = Self.graph([2, 3], axes: [-1], keepDims: true, inputQ: (1, 0), outputQ: (1, 0))
        #expect(try OneOpGraph.run(three, [[1, 1, 2, 1, 2, 2]]) == [1, 2])
        // Zero points: input zp 10 (values − 10 = 2, 4 → mean 3), output scale 2 → 1.5 → 2,
        // + output zp −5 = −3.
        let zp = Self.graph([1, 2], axes: [1], keepDims: false, inputQ: (1, 10), outputQ: (2, -5))
        #expect(try OneOpGraph.run(zp, [[12, 14]]) == [-3])
    }

    struct Case: CustomStringConvertible, Sendable {
        var input: [Int]
        var axes: [Int32]
        var keepDims: Bool
        var description: String { "\(input) axes \(axes) keepDims \(keepDims)" }
    }

    @Test(arguments: [
        Case(input: [1, 7, 7, 16], axes: [1, 2], keepDims: true),
        Case(input: [2, 5, 6, 3], axes: [2, 1], keepDims: false),
        Case(input: [2, 3, 4], axes: [0, 2], keepDims: false),
        Case(input: [2, 3, 4], axes: [-1, 2, -1], keepDims: true),
        Case(input: [4, 5], axes: [0, 1], keepDims: false),
        Case(input: [3, 1, 2, 1, 2, 5], axes: [1, 3, 5], keepDims: false),
        Case(input: [6, 9], axes: [], keepDims: true),
        Case(input: [1, 3, 3, 4], axes: [3], keepDims: true),
    ])
    func randomAgainstReference(_ c: Case) throws {
        var rng = SeededGenerator(seed: UInt64(c.input.reduce(1, *) + c.axes.count))
        let x = OneOpGraph.random(c.input.reduce(1, *), using: &rng)
        let equal: ((Float, Int), (Float, Int)) = ((0.5, -3), (0.5, -3))
        let different: ((Float, Int), (Float, Int)) = ((0.03, 17), (0.011, -40))
        let coarser: ((Float, Int), (Float, Int)) = ((0.02, -128), (0.09, 100))
        for (inQ, outQ) in [equal, different, coarser] {
            let g = Self.graph(c.input, axes: c.axes, keepDims: c.keepDims, inputQ: inQ, outputQ: outQ)
            let got = try OneOpGraph.run(g, [x])
            #expect(got == Self.reference(x, c.input, axes: c.axes, inputQ: inQ, outputQ: outQ), "\(inQ) → \(outQ)")
        }
    }

    @Test func loweringRefusals() {
        #expect(OneOpGraph.loweringError(Self.graph([2, 3], axes: [2], keepDims: false, output: [2, 3])) != nil)
        #expect(OneOpGraph.loweringError(Self.graph([2, 3], axes: [-3], keepDims: false, output: [2, 3])) != nil)
        #expect(OneOpGraph.loweringError(Self.graph([2, 3], axes: [1], keepDims: true, output: [2])) != nil)
        #expect(OneOpGraph.loweringError(Self.graph([2, 3], axes: [1], keepDims: false, output: [2, 1])) != nil)
        #expect(OneOpGraph.loweringError(Self.graph([2, 3], axes: [1], keepDims: false)) == nil)
    }

    @Test func hostileOptionsAreRefusedByBoth() throws {
        let g = Self.graph([2, 3, 4], axes: [1], keepDims: false, inputQ: (0.3, 1), outputQ: (0.2, -1))
        typealias O = MeanOptions
        let option = HostileRecords.option
        try HostileRecords.expectRefusals(try KglLowering.lower(g, plan: BothEngines.simplePlan(g)), mutations: [
            option(O.axisMask, 8, "axis mask beyond rank"), option(O.axisMask, -1, "axis mask"),
            option(O.axisMask, 1, "axis mask (other axis)"), option(O.inputOffset, 129, "input offset"),
            option(O.outputOffset, 128, "output offset"), option(O.multiplier, -1, "multiplier"),
            option(O.shift, 31, "shift"), option(O.shift, -32, "shift"),
            HostileRecords.Mutation(name: "output [2, 3]") { p in p.tensors[p.operators[0].outputs[0]].shape = [2, 3] },
            HostileRecords.Mutation(name: "output [4, 2]") { p in p.tensors[p.operators[0].outputs[0]].shape = [4, 2] },
            HostileRecords.Mutation(name: "output int16") { p in
                let t = p.operators[0].outputs[0]
                p.tensors[t].type = .int16
                p.tensors[t].shape = [2, 2]
            },
        ])
    }

    /// QuantizedMeanOrSum: each input element is added to the output element its non-reduced
    /// coordinates name; then (M, e) = QuantizeMultiplier(s_in/s_out), k = min(⌊log2 n⌋, 32,
    /// 31 + e), M' = M·2^k / n, and out = requantize(sum − zp_in·n, M', e − k) + zp_out,
    /// clamped to int8.
    static func reference(_ x: [Int8], _ input: [Int], axes: [Int32], inputQ: (Float, Int),
                          outputQ: (Float, Int)) -> [Int8] {
        let reduced = resolved(axes, rank: input.count)
        let keptAxes = input.indices.filter { !reduced.contains($0) }
        let outputCount = keptAxes.map { input[$0] }.reduce(1, *)
        let n = input.count == 0 ? 1 : reduced.map { input[$0] }.reduce(1, *)
        var sums = [Int64](repeating: 0, count: outputCount)
        for flat in x.indices {
            var rest = flat
            var index = [Int](repeating: 0, count: input.count)
            for axis in input.indices.reversed() {
                index[axis] = rest % input[axis]
                rest /= input[axis]
            }
            var out = 0
            for axis in keptAxes { out = out * input[axis] + index[axis] }
            sums[out] += Int64(x[flat])
        }
        let q = QuantizedMultiplier(Double(inputQ.0) / Double(outputQ.0))
        var k = 0
        while (1 << (k + 1)) <= n { k += 1 }
        k = min(k, 32, 31 + Int(q.shift))
        let multiplier = Int32((Int64(q.multiplier) << Int64(k)) / Int64(n))
        let shift = q.shift - Int32(k)
        return sums.map { sum in
            let v = Reference.requantize(sum - Int64(inputQ.1) * Int64(n), multiplier: multiplier, shift: shift)
                + Int64(outputQ.1)
            return Int8(min(max(v, -128), 127))
        }
    }
}
