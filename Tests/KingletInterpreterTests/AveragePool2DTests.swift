import KingletFormat
import KingletIR
@testable import KingletInterpreter
import KingletTestSupport
import Testing

/// AVERAGE_POOL_2D: both engines agree byte for byte, with hand-computed values and with a
/// plain re-statement of TFLite's reference_integer_ops::AveragePool (`PoolReference`).
@Suite struct AveragePool2DTests {
    static func graph(input: [Int], filter: (Int, Int), stride: (Int, Int), padding: Padding,
                      activation: Activation = .none, scale: Float = 0.5, zeroPoint: Int = -3,
                      output: [Int]? = nil, outputQ: (Float, Int)? = nil, max: Bool = false) -> Graph {
        let attributes = Pool2DAttributes(filterH: filter.0, filterW: filter.1, strideH: stride.0,
                                          strideW: stride.1, padding: padding, activation: activation)
        let shape = output ?? PoolReference.outputShape(input, attributes)
        let q = outputQ ?? (scale, zeroPoint)
        return OneOpGraph.make(max ? .maxPool2D(attributes) : .averagePool2D(attributes),
                               operands: [OneOpGraph.int8("x", input, scale: scale, zeroPoint: zeroPoint)],
                               output: OneOpGraph.int8("y", shape, scale: q.0, zeroPoint: q.1))
    }

    /// 2×2 window, VALID: means 10/4 = 2.5 → 3 and −10/4 → −3 (ties away from zero); the
    /// window of a 3×3 SAME pool at a corner holds 4 values, on an edge 6.
    @Test func handComputed() throws {
        let valid = Self.graph(input: [1, 2, 2, 2], filter: (2, 2), stride: (2, 2), padding: .valid)
        #expect(try OneOpGraph.run(valid, [[1, -1, 2, -2, 3, -3, 4, -4]]) == [3, -3])
        // Sums: 2 → 0.5 → 1; 1 → 0.25 → 0; −2 → −1.
        let ties = Self.graph(input: [1, 1, 4, 1], filter: (1, 4), stride: (1, 1), padding: .valid)
        #expect(try OneOpGraph.run(ties, [[1, 1, 0, 0]]) == [1])
        #expect(try OneOpGraph.run(ties, [[1, 0, 0, 0]]) == [0])
        #expect(try OneOpGraph.run(ties, [[-1, -1, 0, 0]]) == [-1])
        // SAME 3×3 on a 3×3 image of 0..8: corner (0,0) sees 0,1,3,4 → 2; edge (0,1) sees
        // 0,1,2,3,4,5 → 15/6 = 2.5 → 3; centre sees all → 36/9 = 4.
        let same = Self.graph(input: [1, 3, 3, 1], filter: (3, 3), stride: (1, 1), padding: .same)
        #expect(try OneOpGraph.run(same, [[0, 1, 2, 3, 4, 5, 6, 7, 8]]) == [2, 3, 3, 4, 4, 5, 5, 6, 6])
    }

    /// RELU6 with scale 0.5, zero point −3 clamps to [−3, 9].
    @Test func fusedActivationClamps() throws {
        let g = Self.graph(input: [1, 1, 2, 1], filter: (1, 1), stride: (1, 1), padding: .valid, activation: .relu6)
        #expect(try OneOpGraph.run(g, [[-100, 100]]) == [-3, 9])
    }

    @Test(arguments: PoolReference.cases)
    func randomAgainstReference(_ c: PoolReference.Case) throws {
        var rng = SeededGenerator(seed: UInt64(c.seed))
        let g = Self.graph(input: c.input, filter: c.filter, stride: c.stride, padding: c.padding, activation: c.activation)
        let x = OneOpGraph.random(c.input.reduce(1, *), using: &rng)
        let got = try OneOpGraph.run(g, [x])
        #expect(got == PoolReference.pool(x, c, average: true, scale: 0.5, zeroPoint: -3))
    }

    /// TFLite requires |Δscale| ≤ 1e-6 and equal zero points; a shape that is not the pooled
    /// one is refused too.
    @Test func loweringRefusals() {
        let base = (input: [1, 4, 4, 2], filter: (2, 2), stride: (2, 2), padding: Padding.valid)
        #expect(OneOpGraph.loweringError(Self.graph(input: base.input, filter: base.filter, stride: base.stride,
                                                    padding: base.padding, outputQ: (0.5, -2))) != nil)
        #expect(OneOpGraph.loweringError(Self.graph(input: base.input, filter: base.filter, stride: base.stride,
                                                    padding: base.padding, outputQ: (0.50001, -3))) != nil)
        #expect(OneOpGraph.loweringError(Self.graph(input: base.input, filter: base.filter, stride: base.stride,
                                                    padding: base.padding, outputQ: (0.5000001, -3))) == nil)
        #expect(OneOpGraph.loweringError(Self.graph(input: base.input, filter: base.filter, stride: base.stride,
                                                    padding: base.padding, output: [1, 3, 3, 2])) != nil)
    }

    @Test func hostileOptionsAreRefusedByBoth() throws {
        let g = Self.graph(input: [1, 5, 5, 2], filter: (3, 3), stride: (2, 2), padding: .same)
        try HostileRecords.expectRefusals(try KglLowering.lower(g, plan: BothEngines.simplePlan(g)),
                                          mutations: PoolReference.mutations)
    }
}

/// TFLite's int8 pooling re-stated plainly, and the shared random cases and hostile
/// mutations of the pooling suites.
enum PoolReference {
    struct Case: CustomStringConvertible, Sendable {
        var input: [Int]
        var filter: (Int, Int)
        var stride: (Int, Int)
        var padding: Padding
        var activation: Activation
        var seed: Int
        var description: String {
            "\(input) filter \(filter) stride \(stride) \(padding) \(activation)"
        }
    }

    static let cases: [Case] = [
        Case(input: [1, 8, 8, 3], filter: (2, 2), stride: (2, 2), padding: .valid, activation: .none, seed: 1),
        Case(input: [2, 7, 9, 4], filter: (3, 3), stride: (2, 2), padding: .same, activation: .none, seed: 2),
        Case(input: [1, 5, 6, 2], filter: (3, 2), stride: (1, 3), padding: .same, activation: .relu, seed: 3),
        Case(input: [1, 10, 10, 1], filter: (10, 10), stride: (1, 1), padding: .valid, activation: .none, seed: 4),
        Case(input: [1, 4, 4, 5], filter: (4, 4), stride: (3, 3), padding: .same, activation: .relu6, seed: 5),
        Case(input: [3, 6, 1, 2], filter: (2, 1), stride: (1, 1), padding: .same, activation: .reluN1To1, seed: 6),
        Case(input: [1, 12, 12, 8], filter: (5, 5), stride: (1, 1), padding: .same, activation: .none, seed: 7),
    ]

    static func outputShape(_ input: [Int], _ a: Pool2DAttributes) -> [Int] {
        func size(_ n: Int, _ f: Int, _ s: Int) -> Int {
            a.padding == .same ? (n + s - 1) / s : (n - f + s) / s
        }
        return [input[0], size(input[1], a.filterH, a.strideH), size(input[2], a.filterW, a.strideW), input[3]]
    }

    /// Every output averages (or maximizes over) the window's in-image positions; the mean is
    /// rounded half away from zero; then the fused activation's clamp.
    static func pool(_ x: [Int8], _ c: Case, average: Bool, scale: Float, zeroPoint: Int) -> [Int8] {
        let a = Pool2DAttributes(filterH: c.filter.0, filterW: c.filter.1, strideH: c.stride.0,
                                 strideW: c.stride.1, padding: c.padding, activation: c.activation)
        let out = outputShape(c.input, a)
        let (n, h, w, d) = (c.input[0], c.input[1], c.input[2], c.input[3])
        let padTop = max(0, (out[1] - 1) * a.strideH + a.filterH - h) / 2
        let padLeft = max(0, (out[2] - 1) * a.strideW + a.filterW - w) / 2
        let (lo, hi) = Reference.clamp(c.activation, scale: scale, zeroPoint: zeroPoint)
        var result: [Int8] = []
        for b in 0..<n { for oy in 0..<out[1] { for ox in 0..<out[2] { for ch in 0..<d {
            var values: [Int64] = []
            for ky in 0..<a.filterH { for kx in 0..<a.filterW {
                let iy = oy * a.strideH - padTop + ky, ix = ox * a.strideW - padLeft + kx
                if (0..<h).contains(iy) && (0..<w).contains(ix) {
                    values.append(Int64(x[((b * h + iy) * w + ix) * d + ch]))
                }
            } }
            let v: Int64 = average
                ? Int64((Double(values.reduce(0, +)) / Double(values.count)).rounded(.toNearestOrAwayFromZero))
                : values.max()!
            result.append(Int8(min(max(v, lo), hi)))
        } } } }
        return result
    }

    static var mutations: [HostileRecords.Mutation] {
        typealias O = Pool2DOptions
        return [
            HostileRecords.option(O.strideH, 0, "stride h"), HostileRecords.option(O.strideW, -1, "stride w"),
            HostileRecords.option(O.filterH, 0, "filter h"), HostileRecords.option(O.filterW, 0, "filter w"),
            HostileRecords.option(O.padTop, -1, "pad top"), HostileRecords.option(O.padLeft, 3, "pad left = filter"),
            HostileRecords.option(O.strideH, 3, "stride h (last window past the input)"),
            HostileRecords.option(O.strideW, Int32.max, "stride w"),
            HostileRecords.option(O.filterH, Int32.max, "filter h"),
            HostileRecords.option(O.activationMin, -129, "activation min"),
            HostileRecords.option(O.activationMax, 128, "activation max"),
            HostileRecords.Mutation(name: "min > max") { p in
                p.operators[0].options[O.activationMin.rawValue] = 5
                p.operators[0].options[O.activationMax.rawValue] = 4
            },
            HostileRecords.Mutation(name: "output depth differs") { p in
                p.tensors[p.operators[0].outputs[0]].shape[3] = 1
            },
            HostileRecords.Mutation(name: "output rank 3") { p in
                p.tensors[p.operators[0].outputs[0]].shape = [1, 3, 6]
            },
            HostileRecords.Mutation(name: "input int32") { p in
                let t = p.operators[0].inputs[0]
                p.tensors[t].type = .int32
                p.tensors[t].shape[3] = 1
            },
            HostileRecords.Mutation(name: "output taller than the input allows") { p in
                p.tensors[p.operators[0].outputs[0]].shape[1] = 4
            },
        ]
    }
}
