import KingletFormat
import KingletIR
import KingletTestSupport
import Testing

/// FULLY_CONNECTED: both engines agree byte for byte, with a plain re-statement of TFLite
/// Micro's FullyConnected(PerChannel), with hand-computed values, and the lowering prepares
/// the multipliers as TFLite Micro's CalculateOpDataFullyConnected does.
@Suite struct FullyConnectedTests {
    static func graph(input: [Int], inputQ: (Float, Int), units: Int, weights: [Int8], weightScales: [Float],
                      bias: [Int32]?, output: [Int], outputQ: (Float, Int), activation: Activation = .none,
                      keepNumDims: Bool = false) -> Graph {
        let depth = weights.count / units
        return SingleOpGraph.convolution(
            .fullyConnected(activation: activation, keepNumDims: keepNumDims), input: input, inputQ: inputQ,
            weights: [units, depth], weightData: weights, weightScales: weightScales, weightAxis: 0,
            bias: bias, output: output, outputQ: outputQ)
    }

    /// s_in 0.5 · s_w 0.5 / s_out 1 = 0.25: multiplier 2^30, shift −1. x − zp_in = (2, −1, 4).
    /// unit 0: w (1, 2, 3) → 12 + bias 3 = 15 → 3.75 → 4, + zp_out 10 = 14.
    /// unit 1: w (−1, 0, 1) → 2 + 3 = 5; 1.25 rounded once would be 1, but TFLite rounds
    /// twice: the high multiply 5 / 2 = 2.5 → 3 (ties up), the shift 3 / 2 = 1.5 → 2; + 10 = 12.
    @Test func handComputed() throws {
        let g = Self.graph(input: [1, 3], inputQ: (0.5, -1), units: 2, weights: [1, 2, 3, -1, 0, 1],
                           weightScales: [0.5], bias: [3, 3], output: [1, 2], outputQ: (1, 10))
        let (swift, c) = try BothEngines.run(try BothEngines.lower(g), inputs: [int8Bytes([1, -2, 3])])
        #expect(swift == c)
        #expect(swift[0].map { Int8(bitPattern: $0) } == [14, 12])
    }

    /// Output shapes: keep_num_dims keeps the leading axes, otherwise [elements / depth, units].
    @Test(arguments: [
        ([2, 3, 4], false, [6, 5]), ([2, 3, 4], true, [2, 3, 5]), ([1, 2, 2, 4], false, [1, 5]),
        ([4, 8], false, [8, 5]), ([16], false, [4, 5]),
    ] as [([Int], Bool, [Int])])
    func shapes(_ input: [Int], _ keepNumDims: Bool, _ output: [Int]) throws {
        var rng = SeededGenerator(seed: 0xFC5 + UInt64(input.count))
        let depth = input.count == 4 ? 16 : 4
        let weights = (0..<(5 * depth)).map { _ in Int8.random(in: -127...127, using: &rng) }
        let bias = (0..<5).map { _ in Int32.random(in: -500...500, using: &rng) }
        let g = Self.graph(input: input, inputQ: (0.05, 3), units: 5, weights: weights,
                           weightScales: (0..<5).map { Float($0 + 1) * 0.003 }, bias: bias,
                           output: output, outputQ: (0.2, -7), keepNumDims: keepNumDims)
        let x = rng.int8Bytes(input.reduce(1, *))
        let (swift, c) = try BothEngines.run(try BothEngines.lower(g), inputs: [x])
        #expect(BothEngines.mismatches(swift, c).isEmpty)
        let expected = Self.reference(g, input: x.map { Int8(bitPattern: $0) }, activation: .none)
        #expect(swift[0].map { Int8(bitPattern: $0) } == expected)
    }

    @Test func loweringRefusesWrongOutputShape() throws {
        for (input, keep, output) in [([2, 3, 4], true, [6, 5]), ([2, 3, 4], false, [2, 3, 5]),
                                      ([2, 3, 4], false, [6, 4]), ([3, 8], true, [3, 2, 5])] {
            let g = Self.graph(input: input, inputQ: (1, 0), units: 5, weights: [Int8](repeating: 1, count: 20),
                               weightScales: [1], bias: nil, output: output, outputQ: (1, 0), keepNumDims: keep)
            #expect(throws: FormatError.self, "\(input) keep \(keep) → \(output)") { try BothEngines.lower(g) }
        }
        // keep_num_dims needs the last axis to be the depth.
        let g = Self.graph(input: [2, 8], inputQ: (1, 0), units: 1, weights: [1, 1, 1, 1],
                           weightScales: [1], bias: nil, output: [2, 1], outputQ: (1, 0), keepNumDims: true)
        #expect(throws: FormatError.self) { try BothEngines.lower(g) }
    }

    /// Per-tensor weights: TFLite Micro's GetQuantizedConvolutionMultipler multiplies the two
    /// float scales in float, then widens; per-channel weights multiply in double. Finds
    /// scales where the two differ and checks the stored multiplier follows each rule.
    @Test func perTensorMultiplierUsesFloatProduct() throws {
        var rng = SeededGenerator(seed: 77)
        var found = 0
        for _ in 0..<2000 where found < 3 {
            let si = Float.random(in: 0.001...0.2, using: &rng)
            let sw = Float.random(in: 0.0001...0.05, using: &rng)
            let so = Float.random(in: 0.01...1, using: &rng)
            let viaFloat = QuantizedMultiplier(Double(si * sw) / Double(so))
            let viaDouble = QuantizedMultiplier(Double(si) * Double(sw) / Double(so))
            guard viaFloat != viaDouble else { continue }
            found += 1
            for perChannel in [false, true] {
                let scales: [Float] = perChannel ? [sw, sw] : [sw]
                let g = Self.graph(input: [1, 2], inputQ: (si, 0), units: 2, weights: [1, 2, 3, 4],
                                   weightScales: scales, bias: nil, output: [1, 2], outputQ: (so, 0))
                let program = try KglLowering.lower(g, plan: BothEngines.simplePlan(g))
                let at = Int(program.operators[0].options[FullyConnectedOptions.multipliers.rawValue])
                let stored = program.data[at..<(at + 4)].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
                let expected = perChannel ? viaDouble : viaFloat
                #expect(Int32(bitPattern: stored) == expected.multiplier, "s_in \(si) s_w \(sw) s_out \(so) perChannel \(perChannel)")
            }
        }
        #expect(found == 3)
    }

    /// CalculateOpDataFullyConnected refuses a per-tensor bias whose scale is off from
    /// s_in · s_w by more than 0.02 · s_out.
    @Test func loweringRefusesMismatchedBiasScale() throws {
        var g = Self.graph(input: [1, 2], inputQ: (0.5, 0), units: 1, weights: [1, 1], weightScales: [0.1],
                           bias: [0], output: [1, 1], outputQ: (0.1, 0))
        _ = try BothEngines.lower(g)
        g.tensors[2].quantization = Quantization(scale: 0.06, zeroPoint: 0)
        #expect(throws: FormatError.self) { try BothEngines.lower(g) }
    }

    struct Case: Sendable, CustomStringConvertible {
        var input: [Int], units: Int, output: [Int], keep = false
        var activation = Activation.none, perChannel = true, hasBias = true
        var description: String { "in \(input) units \(units) out \(output) \(activation) perChannel \(perChannel) bias \(hasBias)" }
    }

    static let cases: [Case] = [
        Case(input: [1, 64], units: 10, output: [1, 10]),
        Case(input: [3, 33], units: 7, output: [3, 7], activation: .relu),
        Case(input: [1, 4, 4, 8], units: 12, output: [1, 12], activation: .relu6, perChannel: false),
        Case(input: [2, 5, 16], units: 3, output: [2, 5, 3], keep: true, hasBias: false),
        Case(input: [1, 200], units: 1, output: [1, 1], activation: .reluN1To1),
        Case(input: [4, 300], units: 20, output: [4, 20], perChannel: false),
    ]

    @Test(arguments: cases.indices)
    func randomMatchesReference(_ index: Int) throws {
        let test = Self.cases[index]
        var rng = SeededGenerator(seed: 0xFC + UInt64(index))
        let depth = test.input.reduce(1, *) / test.output.dropLast().reduce(1, *)
        let weights = (0..<(test.units * depth)).map { _ in Int8.random(in: -127...127, using: &rng) }
        let scales = (0..<(test.perChannel ? test.units : 1)).map { _ in Float.random(in: 0.001...0.02, using: &rng) }
        let bias = (0..<test.units).map { _ in Int32.random(in: -4000...4000, using: &rng) }
        let g = Self.graph(input: test.input, inputQ: (Float.random(in: 0.01...0.1, using: &rng), Int.random(in: -128...127, using: &rng)),
                           units: test.units, weights: weights, weightScales: scales,
                           bias: test.hasBias ? bias : nil, output: test.output,
                           outputQ: (Float.random(in: 0.05...0.8, using: &rng), Int.random(in: -100...100, using: &rng)),
                           activation: test.activation, keepNumDims: test.keep)
        let bytes = try BothEngines.lower(g)
        for round in 0..<3 {
            let x = rng.int8Bytes(test.input.reduce(1, *))
            let (swift, c) = try BothEngines.run(bytes, inputs: [x])
            #expect(BothEngines.mismatches(swift, c).isEmpty, "\(test) round \(round): \(BothEngines.mismatches(swift, c))")
            let expected = Self.reference(g, input: x.map { Int8(bitPattern: $0) }, activation: test.activation)
            #expect(swift[0].map { Int8(bitPattern: $0) } == expected, "\(test) round \(round)")
        }
    }

    @Test func bothEnginesRefuseHostileOptions() throws {
        let g = Self.graph(input: [2, 3, 4], inputQ: (0.5, 1), units: 3, weights: [Int8](repeating: 2, count: 12),
                           weightScales: [0.1, 0.2, 0.3], bias: [1, 2, 3], output: [2, 3, 3], outputQ: (0.7, 5),
                           keepNumDims: true)
        let program = try KglLowering.lower(g, plan: BothEngines.simplePlan(g))
        typealias O = FullyConnectedOptions
        let shapes: [HostileRecords.Mutation] = [
            .init(name: "output rows differ from input rows") { p in
                p.tensors[p.operators[0].outputs[0]].shape = [3, 3, 3]
            },
            .init(name: "output last axis is not the units") { p in
                p.tensors[p.operators[0].outputs[0]].shape = [2, 9, 1]
            },
            .init(name: "input holds fewer values") { p in
                p.tensors[p.operators[0].inputs[0]].shape = [2, 3, 3]
            },
            .init(name: "weights rank 3") { p in
                p.tensors[p.operators[0].inputs[1]].shape = [3, 2, 2]
            },
        ]
        try HostileRecords.expectRefusals(program, mutations: shapes + HostileRecords.requantizationMutations(
            inputOffset: O.inputOffset, outputOffset: O.outputOffset, min: O.activationMin,
            max: O.activationMax, multipliers: O.multipliers, shifts: O.shifts))
    }

    @Test func bothEnginesAgreeOnRandomMutations() throws {
        let g = Self.graph(input: [2, 3, 4], inputQ: (0.5, 1), units: 3, weights: (0..<12).map { Int8($0 * 9 - 50) },
                           weightScales: [0.1, 0.2, 0.3], bias: [1, 2, 3], output: [6, 3], outputQ: (0.07, 5))
        let program = try KglLowering.lower(g, plan: BothEngines.simplePlan(g))
        try HostileRecords.expectParity(program, slotCount: FullyConnectedOptions.allCases.count, trials: 300, seed: 13)
    }

    /// FullyConnected(PerChannel) by its defining loop, over a graph from `graph(...)`.
    static func reference(_ g: Graph, input: [Int8], activation: Activation) -> [Int8] {
        let w = g.tensors[1]
        let (units, depth) = (w.shape[0], w.shape[1])
        let weights = (w.data ?? []).map { Int8(bitPattern: $0) }
        let bias = g.tensors.count == 4 ? (g.tensors[2].int32Values ?? []) : [Int32](repeating: 0, count: units)
        let inQ = g.tensors[0].quantization!, outQ = g.tensors[g.outputs[0]].quantization!
        let scales = w.quantization!.scales
        var out: [Int8] = []
        for row in 0..<(input.count / depth) {
            for u in 0..<units {
                var acc = Int64(bias[u])
                for d in 0..<depth {
                    acc += Int64(weights[u * depth + d]) * (Int64(input[row * depth + d]) - Int64(inQ.zeroPoint))
                }
                out.append(Reference.output(acc, inScale: inQ.scale, weightScale: scales.count == 1 ? scales[0] : scales[u],
                                            outputQ: (outQ.scale, outQ.zeroPoint), activation: activation,
                                            floatProduct: scales.count == 1))
            }
        }
        return out
    }
}
