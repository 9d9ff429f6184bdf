import KingletFormat
import KingletIR
import KingletTestSupport
import Testing

/// DEPTHWISE_CONV_2D: both engines agree byte for byte, with TFLite Micro's
/// DepthwiseConvPerChannel re-stated in `Reference.convolution`, and with hand-computed values.
@Suite struct DepthwiseConv2DTests {
    /// Channels stay apart, and the requantization rounds twice as TFLite Micro does:
    /// channel 1 has acc 197 and scale 0.25; 49.25 would round to 49 once, but the high
    /// multiply gives round(197 / 2) = 99 (ties up) and the shift round(99 / 2) = 50.
    @Test func handComputedChannelsAndDoubleRounding() throws {
        // Pixels (1, 2) and (3, 4); weights per tap (10, 20), (30, 40).
        // ch0: 1·10 + 3·30 + 1 = 101 → ×0.5 = 50.5 → 51. ch1: 2·20 + 4·40 − 3 = 197 → 50.
        let graph = SingleOpGraph.convolution(
            .depthwiseConv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none,
                                              depthMultiplier: 1)),
            input: [1, 1, 2, 2], inputQ: (1, 0), weights: [1, 1, 2, 2], weightData: [10, 20, 30, 40],
            weightScales: [0.5, 0.25], bias: [1, -3], output: [1, 1, 1, 2], outputQ: (1, 0))
        let (swift, c) = try BothEngines.run(try BothEngines.lower(graph), inputs: [int8Bytes([1, 2, 3, 4])])
        #expect(swift == c)
        #expect(swift[0].map { Int8(bitPattern: $0) } == [51, 50])
    }

    /// Depth multiplier 2: one input channel feeds output channels 0 and 1.
    @Test func handComputedDepthMultiplier() throws {
        let graph = SingleOpGraph.convolution(
            .depthwiseConv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none,
                                              depthMultiplier: 2)),
            input: [1, 1, 1, 1], inputQ: (1, -3), weights: [1, 1, 1, 2], weightData: [2, -3],
            weightScales: [1], bias: nil, output: [1, 1, 1, 2], outputQ: (1, 0))
        // x − zp = 5 − (−3) = 8: 16 and −24.
        let (swift, c) = try BothEngines.run(try BothEngines.lower(graph), inputs: [int8Bytes([5])])
        #expect(swift == c)
        #expect(swift[0].map { Int8(bitPattern: $0) } == [16, -24])
    }

    static let cases: [Conv2DTests.Case] = [
        .init(input: [1, 5, 5, 3], kernel: (3, 3), outChannels: 3),
        .init(input: [2, 7, 6, 4], kernel: (3, 3), outChannels: 4, padding: .same, activation: .relu6),
        .init(input: [1, 8, 8, 2], kernel: (3, 3), outChannels: 4, stride: (2, 2), padding: .same),
        .init(input: [1, 9, 7, 3], kernel: (3, 2), outChannels: 9, stride: (2, 1), padding: .same, activation: .relu),
        .init(input: [1, 10, 10, 2], kernel: (3, 3), outChannels: 2, dilation: (2, 3), padding: .same),
        .init(input: [1, 10, 9, 2], kernel: (2, 3), outChannels: 2, stride: (2, 2), dilation: (2, 2), padding: .valid),
        .init(input: [1, 4, 4, 5], kernel: (3, 3), outChannels: 5, padding: .same, perChannel: false),
        .init(input: [1, 4, 4, 5], kernel: (5, 5), outChannels: 10, padding: .same, activation: .reluN1To1, hasBias: false),
    ]

    @Test(arguments: cases.indices)
    func randomMatchesReference(_ index: Int) throws {
        let test = Self.cases[index]
        var rng = SeededGenerator(seed: 0xDE97 + UInt64(index))
        let model = RandomConvolution.make(test, depthwise: true, rng: &rng)
        let bytes = try BothEngines.lower(model.graph)
        for round in 0..<3 {
            let input = rng.int8Bytes(test.input.reduce(1, *))
            let (swift, c) = try BothEngines.run(bytes, inputs: [input])
            #expect(BothEngines.mismatches(swift, c).isEmpty, "\(test) round \(round): \(BothEngines.mismatches(swift, c))")
            let expected = Reference.convolution(model, input: input.map { Int8(bitPattern: $0) })
            #expect(swift[0].map { Int8(bitPattern: $0) } == expected, "\(test) round \(round)")
        }
    }

    @Test func loweringRefusesInconsistentDepthMultiplier() throws {
        let graph = SingleOpGraph.convolution(
            .depthwiseConv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none,
                                              depthMultiplier: 1)),
            input: [1, 1, 1, 2], inputQ: (1, 0), weights: [1, 1, 1, 4], weightData: [1, 1, 1, 1],
            weightScales: [1], bias: [0, 0, 0, 0], output: [1, 1, 1, 4], outputQ: (1, 0))
        #expect(throws: FormatError.self) { try BothEngines.lower(graph) }
    }

    @Test func loweringRefusesPerChannelScalesOnWrongAxis() throws {
        let graph = SingleOpGraph.convolution(
            .depthwiseConv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none,
                                              depthMultiplier: 1)),
            input: [1, 2, 1, 2], inputQ: (1, 0), weights: [1, 2, 1, 2], weightData: [1, 1, 1, 1],
            weightScales: [1, 2], weightAxis: 1, bias: [0, 0], output: [1, 1, 1, 2], outputQ: (1, 0))
        #expect(throws: FormatError.self) { try BothEngines.lower(graph) }
    }

    @Test func bothEnginesRefuseHostileOptions() throws {
        let graph = SingleOpGraph.convolution(
            .depthwiseConv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .same, activation: .none,
                                              depthMultiplier: 2)),
            input: [1, 4, 4, 2], inputQ: (0.5, 0), weights: [1, 3, 3, 4],
            weightData: [Int8](repeating: 1, count: 36), weightScales: [0.1, 0.2, 0.3, 0.4],
            bias: [1, 2, 3, 4], output: [1, 4, 4, 4], outputQ: (0.7, 5))
        let program = try KglLowering.lower(graph, plan: BothEngines.simplePlan(graph))
        typealias O = DepthwiseConv2DOptions
        let depthwiseOnly: [HostileRecords.Mutation] = [
            HostileRecords.option(O.depthMultiplier, 0, "depth multiplier"),
            HostileRecords.option(O.depthMultiplier, 1, "depth multiplier"),
            HostileRecords.option(O.depthMultiplier, 4, "depth multiplier"),
            HostileRecords.option(O.depthMultiplier, -2, "depth multiplier"),
            HostileRecords.Mutation(name: "weights batch 2") { p in
                let t = p.operators[0].inputs[1]
                p.tensors[t].shape[0] = 2
                p.tensors[t].shape[3] = 2
            },
        ]
        try HostileRecords.expectRefusals(program, mutations: depthwiseOnly + HostileRecords.convolutionMutations(
            O.self, stride: .strideW, dilation: .dilationH, pad: .padLeft, inputOffset: .inputOffset,
            outputOffset: .outputOffset, min: .activationMin, max: .activationMax,
            multipliers: .multipliers, shifts: .shifts))
    }

    @Test func bothEnginesAgreeOnRandomMutations() throws {
        let graph = SingleOpGraph.convolution(
            .depthwiseConv2D(Conv2DAttributes(strideH: 1, strideW: 2, dilationH: 2, padding: .same,
                                              activation: .relu6, depthMultiplier: 2)),
            input: [1, 6, 5, 2], inputQ: (0.5, 7), weights: [1, 3, 3, 4],
            weightData: (0..<36).map { Int8(truncatingIfNeeded: $0 * 53) }, weightScales: [0.1, 0.2, 0.3, 0.4],
            bias: [1, -2, 300, 4], output: [1, 6, 3, 4], outputQ: (0.05, -5))
        let program = try KglLowering.lower(graph, plan: BothEngines.simplePlan(graph))
        try HostileRecords.expectParity(program, slotCount: DepthwiseConv2DOptions.allCases.count, trials: 300, seed: 12)
    }
}
