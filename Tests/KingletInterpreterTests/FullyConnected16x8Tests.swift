import KingletFormat
import KingletIR
import KingletTestSupport
import Testing

/// FULLY_CONNECTED, 16x8 (FullyConnectedS16 / kgl_fully_connected_s16): both engines agree
/// byte for byte, with TFLite Micro's int16 FullyConnected(PerChannel) re-stated plainly,
/// with hand-computed values, and on which hostile records they refuse.
@Suite struct FullyConnected16x8Tests {
    static func graph(input: [Int], inputScale: Float, units: Int, weights: [Int8], weightScales: [Float],
                      bias: [Int64]?, output: [Int], outputScale: Float, activation: Activation = .none,
                      keepNumDims: Bool = false) -> Graph {
        SixteenBit.weighted(
            .fullyConnected(activation: activation, keepNumDims: keepNumDims), input: input, inputScale: inputScale,
            weights: [units, weights.count / units], weightData: weights, weightScales: weightScales,
            weightAxis: 0, bias: bias, output: output, outputScale: outputScale)
    }

    /// s_in 0.5 · s_w 0.5 / s_out 1 = 0.25: multiplier 2^30, shift −1, reduced 16384, total
    /// shift 16. unit 0: w (1, 2, 3) · x (2000, −1000, 4000) = 12000 + bias 3 = 12003 → 3000.75
    /// → 3001. unit 1: w (−1, 0, 1) → 2000 + 3 = 2003 → 500.75 → 501. A fused RELU_N1_TO_1
    /// clamps to ±round(1 / 1) = ±1.
    @Test func handComputed() throws {
        let g = Self.graph(input: [1, 3], inputScale: 0.5, units: 2, weights: [1, 2, 3, -1, 0, 1],
                           weightScales: [0.5], bias: [3, 3], output: [1, 2], outputScale: 1)
        #expect(try SixteenBit.run(g, [[2000, -1000, 4000]]) == [3001, 501])
        let clamped = Self.graph(input: [1, 3], inputScale: 0.5, units: 2, weights: [1, 2, 3, -1, 0, 1],
                                 weightScales: [0.5], bias: [3, -30000], output: [1, 2], outputScale: 1,
                                 activation: .reluN1To1)
        #expect(try SixteenBit.run(clamped, [[2000, -1000, 4000]]) == [1, -1])
    }

    /// Per-channel and per-tensor weights, with and without bias and keep_num_dims, against
    /// the reference.
    @Test(arguments: [
        ([1, 20], false, [1, 9], true, true), ([4, 8], false, [4, 5], false, true),
        ([2, 3, 16], true, [2, 3, 5], true, false), ([1, 2, 2, 16], false, [1, 5], true, true),
        ([1, 64], false, [1, 13], true, false),
    ] as [([Int], Bool, [Int], Bool, Bool)])
    func randomMatchesReference(_ input: [Int], _ keepNumDims: Bool, _ output: [Int], _ perChannel: Bool,
                                _ hasBias: Bool) throws {
        var rng = SeededGenerator(seed: 0xF16 + UInt64(input.reduce(1, *)))
        let units = output.last!
        let depth = input.reduce(1, *) / (output.reduce(1, *) / units)
        for activation in [Activation.none, .relu, .relu6] {
            let weights = (0..<(units * depth)).map { _ in Int8.random(in: -127...127, using: &rng) }
            let scales = perChannel ? (0..<units).map { _ in Float.random(in: 0.001...0.02, using: &rng) }
                                    : [Float.random(in: 0.001...0.02, using: &rng)]
            let bias = (0..<units).map { _ in Int64.random(in: -5_000_000...5_000_000, using: &rng) }
            let (si, so) = (Float.random(in: 1e-4...1e-3, using: &rng), Float.random(in: 5e-4...4e-3, using: &rng))
            let g = Self.graph(input: input, inputScale: si, units: units, weights: weights, weightScales: scales,
                               bias: hasBias ? bias : nil, output: output, outputScale: so, activation: activation,
                               keepNumDims: keepNumDims)
            let x = SixteenBit.random(input.reduce(1, *), using: &rng)
            let got = try SixteenBit.run(g, [x])
            let rows = x.count / depth
            var expected: [Int16] = []
            for r in 0..<rows {
                for u in 0..<units {
                    var acc: Int64 = hasBias ? bias[u] : 0
                    for d in 0..<depth { acc += Int64(weights[u * depth + d]) * Int64(x[r * depth + d]) }
                    // Per-tensor weights: GetQuantizedConvolutionMultipler's float product.
                    let ws = perChannel ? scales[u] : scales[0]
                    let real = perChannel ? Double(si) * Double(ws) / Double(so) : Double(si * ws) / Double(so)
                    let m = QuantizedMultiplier(real)
                    let (lo, hi) = SixteenBit.clamp(activation, scale: so)
                    expected.append(Int16(min(max(SixteenBit.requantize64(acc, multiplier: m.multiplier, shift: m.shift), lo), hi)))
                }
            }
            #expect(got == expected, "\(input) → \(output) \(activation)")
        }
    }

    @Test func bothEnginesRefuseHostileRecords() throws {
        let g = Self.graph(input: [2, 6], inputScale: 0.001, units: 3, weights: (0..<18).map { Int8($0 * 7 - 60) },
                           weightScales: [0.01, 0.02, 0.03], bias: [5, -5, 1 << 33], output: [2, 3], outputScale: 0.002)
        typealias O = FullyConnectedOptions
        let program = try KglLowering.lower(g, plan: BothEngines.simplePlan(g))
        try HostileRecords.expectRefusals(program, mutations: HostileRecords.requantizationMutations16(
            inputOffset: O.inputOffset, outputOffset: O.outputOffset, min: O.activationMin, max: O.activationMax,
            multipliers: O.multipliers, shifts: O.shifts) + [
            HostileRecords.Mutation(name: "output does not end in the units") { p in
                p.tensors[p.operators[0].outputs[0]].shape = [3, 2]
            },
            HostileRecords.Mutation(name: "input of one row fewer") { p in
                p.tensors[p.operators[0].inputs[0]].shape = [1, 6]
            },
        ])
        try HostileRecords.expectParity(program, slotCount: O.allCases.count, trials: 300, seed: 18)
    }
}
