import KingletFormat
import KingletIR
@testable import KingletInterpreter
import KingletRuntimeC
import KingletTestSupport
import Testing

/// CONV_2D and DEPTHWISE_CONV_2D, 16x8 (Conv2DS16, DepthwiseConv2DS16 / kgl_conv2d_s16,
/// kgl_depthwise_conv2d_s16): the engines agree byte for byte, with a plain re-statement of
/// TFLite Micro's int16 ConvPerChannel / DepthwiseConvPerChannel (`SixteenBit`), with
/// hand-computed values, and on which hostile records they refuse.
@Suite struct Conv2D16x8Tests {
    // MARK: Hand-computed

    /// 1×1 convolution, two output channels, multiplier 0.5 (2^30, shift 0; reduced to Q15
    /// exactly 16384). Channel 0: 2·1000 − 3·(−3000) + 7 = 11007 → 5503.5 → 5504 (ties up);
    /// channel 1: 1000 − 3000 − 3 = −2003 → −1001.5 → −1001.
    @Test func handComputedPointwise() throws {
        let graph = SixteenBit.weighted(
            .conv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none)),
            input: [1, 1, 1, 2], inputScale: 0.5, weights: [2, 1, 1, 2], weightData: [2, -3, 1, 1],
            weightScales: [1], weightAxis: 0, bias: [7, -3], output: [1, 1, 1, 2], outputScale: 1)
        #expect(try SixteenBit.run(graph, [[1000, -3000]]) == [5504, -1001])
    }

    /// The 16x8 rescale is not the int8 one. Scale 1/3: QuantizeMultiplier gives 1431655765
    /// with shift −1, reduced to Q15 21845. acc = 2·30000 + 1 = 60001 (20000.33 real):
    /// (60001·21845 + 2^15) >> 16 = 20000, where the int8 path's double rounding
    /// (40000.67 → 40001, then 20000.5 → 20001) would give 20001.
    @Test func handComputedReducedMultiplierRounding() throws {
        let graph = SixteenBit.weighted(
            .conv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none)),
            input: [1, 1, 1, 1], inputScale: 1, weights: [1, 1, 1, 1], weightData: [2],
            weightScales: [1], weightAxis: 0, bias: [1], output: [1, 1, 1, 1], outputScale: 3)
        #expect(try SixteenBit.run(graph, [[30000]]) == [20000])
        #expect(multiplyByQuantizedMultiplier(Int32(60001), 1_431_655_765, -1) == 20001)
    }

    /// SAME padding: taps outside the image contribute nothing (zero point 0). All inputs
    /// 100, all weights 1, unit rescale: 400 in corners, 600 on edges, 900 in the middle; a
    /// fused RELU6 at scale 0.01 clamps at round(6 / 0.01) = 600.
    @Test func handComputedSamePaddingAndRelu6() throws {
        let graph = SixteenBit.weighted(
            .conv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .same, activation: .relu6)),
            input: [1, 3, 3, 1], inputScale: 0.01, weights: [1, 3, 3, 1], weightData: [Int8](repeating: 1, count: 9),
            weightScales: [1], weightAxis: 0, bias: nil, output: [1, 3, 3, 1], outputScale: 0.01)
        #expect(try SixteenBit.run(graph, [[Int16](repeating: 100, count: 9)]) == [400, 600, 400, 600, 600, 600, 400, 600, 400])
    }

    /// Depthwise, multiplier 2: input channel 0 feeds outputs 0 and 1, channel 1 outputs 2, 3.
    /// Unit rescale (s_in 0.5, s_w 2, s_out 1: multiplier 2^30, shift 1, reduced 16384, total
    /// shift 14), a 1×1 window: out = w·x + bias, clamped. Channel 2 shows TFLite's truncation
    /// of the int64 result to int32: 127·−300 + 2^40 keeps its low 32 bits, −38100, which then
    /// clamps to −32768 (not to 32767).
    @Test func handComputedDepthwise() throws {
        let graph = SixteenBit.weighted(
            .depthwiseConv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none, depthMultiplier: 2)),
            input: [1, 1, 1, 2], inputScale: 0.5, weights: [1, 1, 1, 4], weightData: [3, -1, 127, -127],
            weightScales: [2], weightAxis: 3, bias: [5, 0, 1 << 40, -7], output: [1, 1, 1, 4], outputScale: 1)
        // 3·10000 + 5 = 30005; −10000; 2^40 − 38100 → −38100 → −32768; −127·−300 − 7 = 38093 → 32767.
        #expect(try SixteenBit.run(graph, [[10000, -300]]) == [30005, -10000, -32768, 32767])
    }

    // MARK: Random, against the reference

    static let cases: [Conv2DTests.Case] = [
        .init(input: [1, 5, 5, 3], kernel: (3, 3), outChannels: 4),
        .init(input: [2, 6, 7, 4], kernel: (3, 3), outChannels: 5, padding: .same, activation: .relu),
        .init(input: [1, 8, 8, 2], kernel: (3, 2), outChannels: 3, stride: (2, 2), padding: .same, activation: .relu6),
        .init(input: [1, 9, 9, 2], kernel: (3, 3), outChannels: 3, dilation: (2, 2), padding: .same),
        .init(input: [1, 6, 6, 4], kernel: (3, 3), outChannels: 6, groups: 2, padding: .same),
        .init(input: [1, 4, 4, 3], kernel: (3, 3), outChannels: 4, padding: .same, perChannel: false),
        .init(input: [1, 4, 4, 3], kernel: (3, 3), outChannels: 4, padding: .same, activation: .reluN1To1, hasBias: false),
        .init(input: [3, 1, 1, 16], kernel: (1, 1), outChannels: 8),
    ]

    static let depthwiseCases: [Conv2DTests.Case] = [
        .init(input: [1, 5, 5, 3], kernel: (3, 3), outChannels: 3),
        .init(input: [1, 7, 6, 2], kernel: (3, 3), outChannels: 4, stride: (2, 2), padding: .same, activation: .relu6),
        .init(input: [2, 6, 6, 3], kernel: (3, 2), outChannels: 9, dilation: (2, 1), padding: .same, activation: .relu),
        .init(input: [1, 5, 5, 4], kernel: (5, 5), outChannels: 4, padding: .same, perChannel: false, hasBias: false),
    ]

    @Test(arguments: cases.indices)
    func randomConvolutionMatchesReference(_ index: Int) throws {
        try Self.check(Self.cases[index], depthwise: false, seed: 0x16C0 + UInt64(index))
    }

    @Test(arguments: depthwiseCases.indices)
    func randomDepthwiseMatchesReference(_ index: Int) throws {
        try Self.check(Self.depthwiseCases[index], depthwise: true, seed: 0x16D0 + UInt64(index))
    }

    static func check(_ test: Conv2DTests.Case, depthwise: Bool, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let model = RandomConvolution16.make(test, depthwise: depthwise, rng: &rng)
        let bytes = try BothEngines.lower(model.graph)
        for round in 0..<3 {
            let input = SixteenBit.random(test.input.reduce(1, *), using: &rng)
            let (swift, c) = try BothEngines.run(bytes, inputs: [SixteenBit.int16Bytes(input)])
            #expect(BothEngines.mismatches(swift, c).isEmpty, "\(test) round \(round)")
            #expect(SixteenBit.int16Values(swift[0]) == model.reference(input), "\(test) round \(round)")
        }
    }

    // MARK: Lowering

    /// int16 activations must be symmetric, the bias int64, and the output int16.
    @Test func loweringRefusals() throws {
        func graph() -> Graph {
            SixteenBit.weighted(
                .conv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none)),
                input: [1, 1, 1, 1], inputScale: 1, weights: [1, 1, 1, 1], weightData: [1],
                weightScales: [1], weightAxis: 0, bias: [0], output: [1, 1, 1, 1], outputScale: 1)
        }
        _ = try BothEngines.lower(graph())
        var zeroPoint = graph()
        zeroPoint.tensors[0].quantization = Quantization(scale: 1, zeroPoint: 3)
        #expect(OneOpGraph.loweringError(zeroPoint)?.contains("zero point 0") == true)
        var int32Bias = graph()
        int32Bias.tensors[2].type = .int32
        int32Bias.tensors[2].data = int32Bytes([0])
        #expect(OneOpGraph.loweringError(int32Bias)?.contains("int64") == true)
        var int8Output = graph()
        int8Output.tensors[3].type = .int8
        #expect(OneOpGraph.loweringError(int8Output) != nil)
        // An output scale 2^20 times smaller than s_in · s_w needs shift 21 > 14.
        var hugeRatio = graph()
        hugeRatio.tensors[3].quantization = Quantization(scale: 0x1p-20, zeroPoint: 0)
        #expect(OneOpGraph.loweringError(hugeRatio)?.contains("-31...14") == true)
    }

    /// A missing bias becomes an int64 zero constant.
    @Test func missingBiasIsAnInt64Zero() throws {
        let graph = SixteenBit.weighted(
            .conv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none)),
            input: [1, 1, 1, 1], inputScale: 1, weights: [2, 1, 1, 1], weightData: [1, 1],
            weightScales: [1], weightAxis: 0, bias: nil, output: [1, 1, 1, 2], outputScale: 1)
        let model = try KglModel(bytes: BothEngines.lower(graph))
        let bias = model.tensors[model.operators[0].inputs[2]]
        #expect(bias.type == .int64 && bias.shape == [2])
    }

    // MARK: Both engines refuse hostile records alike

    static func hostileGraph(depthwise: Bool) -> Graph {
        depthwise
            ? SixteenBit.weighted(
                .depthwiseConv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .same, activation: .none, depthMultiplier: 2)),
                input: [1, 4, 4, 2], inputScale: 0.001, weights: [1, 3, 3, 4], weightData: (0..<36).map { Int8(truncatingIfNeeded: $0 * 29) },
                weightScales: [0.01, 0.02, 0.03, 0.04], weightAxis: 3, bias: [1, -2, 3, 40000],
                output: [1, 4, 4, 4], outputScale: 0.002)
            : SixteenBit.weighted(
                .conv2D(Conv2DAttributes(strideH: 2, strideW: 1, padding: .same, activation: .relu)),
                input: [1, 5, 6, 4], inputScale: 0.001, weights: [3, 3, 3, 4], weightData: (0..<108).map { Int8(truncatingIfNeeded: $0 * 37) },
                weightScales: [0.01, 0.02, 0.03], weightAxis: 0, bias: [1, -200_000, 3],
                output: [1, 3, 6, 3], outputScale: 0.003)
    }

    @Test(arguments: [false, true])
    func bothEnginesRefuseHostileRecords(depthwise: Bool) throws {
        let graph = Self.hostileGraph(depthwise: depthwise)
        let program = try KglLowering.lower(graph, plan: BothEngines.simplePlan(graph))
        try HostileRecords.expectRefusals(program, mutations: HostileRecords.convolutionMutations16(
            Conv2DOptions.self, stride: .strideH, dilation: .dilationW, pad: .padTop,
            inputOffset: .inputOffset, outputOffset: .outputOffset, min: .activationMin,
            max: .activationMax, multipliers: .multipliers, shifts: .shifts))
    }

    @Test(arguments: [false, true])
    func bothEnginesAgreeOnRandomMutations(depthwise: Bool) throws {
        let graph = Self.hostileGraph(depthwise: depthwise)
        let program = try KglLowering.lower(graph, plan: BothEngines.simplePlan(graph))
        try HostileRecords.expectParity(program, slotCount: depthwise ? DepthwiseConv2DOptions.allCases.count : Conv2DOptions.allCases.count,
                                        trials: 300, seed: depthwise ? 17 : 16)
    }

    /// The interpreter's 16x8 kernels are exactly the kinds the format marks as having one
    /// (which the C dispatch is generated from).
    @Test func int16KernelsAreTheFormatsList() {
        for spec in FormatSpec.operators {
            #expect((Interpreter.int16Kernel(for: spec.kind) != nil) == spec.int16Activations, "\(spec.name)")
        }
    }
}

/// A random 16x8 CONV_2D or DEPTHWISE_CONV_2D graph and its reference.
struct RandomConvolution16 {
    var graph: Graph
    var test: Conv2DTests.Case
    var depthwise: Bool
    var weights: [Int8]
    var bias: [Int64]
    var inputScale: Float
    var outputScale: Float
    var weightScales: [Float]
    var outputShape: [Int]

    static func make(_ test: Conv2DTests.Case, depthwise: Bool, rng: inout SeededGenerator) -> RandomConvolution16 {
        let (n, h, w, c) = (test.input[0], test.input[1], test.input[2], test.input[3])
        let rows = RandomConvolution.spatialOutput(test.padding, h, test.kernel.0, test.stride.0, test.dilation.0)
        let cols = RandomConvolution.spatialOutput(test.padding, w, test.kernel.1, test.stride.1, test.dilation.1)
        let outC = test.outChannels
        let weightShape = depthwise ? [1, test.kernel.0, test.kernel.1, outC]
                                    : [outC, test.kernel.0, test.kernel.1, c / test.groups]
        let weights = (0..<weightShape.reduce(1, *)).map { _ in Int8.random(in: -127...127, using: &rng) }
        let inputScale = Float.random(in: 1e-4...1e-3, using: &rng)
        let outputScale = Float.random(in: 2e-4...6e-3, using: &rng)
        let weightScales = test.perChannel ? (0..<outC).map { _ in Float.random(in: 0.001...0.02, using: &rng) }
                                           : [Float.random(in: 0.001...0.02, using: &rng)]
        let bias = (0..<outC).map { _ in Int64.random(in: -3_000_000...3_000_000, using: &rng) }
        let attributes = Conv2DAttributes(
            strideH: test.stride.0, strideW: test.stride.1, dilationH: test.dilation.0,
            dilationW: test.dilation.1, padding: test.padding, activation: test.activation,
            depthMultiplier: depthwise ? outC / c : 1)
        let outputShape = [n, rows, cols, outC]
        let graph = SixteenBit.weighted(
            depthwise ? .depthwiseConv2D(attributes) : .conv2D(attributes), input: test.input,
            inputScale: inputScale, weights: weightShape, weightData: weights, weightScales: weightScales,
            weightAxis: depthwise ? 3 : 0, bias: test.hasBias ? bias : nil, output: outputShape, outputScale: outputScale)
        return RandomConvolution16(
            graph: graph, test: test, depthwise: depthwise, weights: weights,
            bias: test.hasBias ? bias : [Int64](repeating: 0, count: outC), inputScale: inputScale,
            outputScale: outputScale, weightScales: weightScales, outputShape: outputShape)
    }

    /// ConvPerChannel / DepthwiseConvPerChannel for int16, by their defining loops.
    func reference(_ input: [Int16]) -> [Int16] {
        let t = test
        let (n, h, w, c) = (t.input[0], t.input[1], t.input[2], t.input[3])
        let (oh, ow, oc) = (outputShape[1], outputShape[2], outputShape[3])
        let (kh, kw) = t.kernel
        let padTop = max(0, (oh - 1) * t.stride.0 + (kh - 1) * t.dilation.0 + 1 - h) / 2
        let padLeft = max(0, (ow - 1) * t.stride.1 + (kw - 1) * t.dilation.1 + 1 - w) / 2
        let groupDepth = depthwise ? 1 : c / t.groups
        let perGroup = oc / t.groups
        func xAt(_ b: Int, _ y: Int, _ x: Int, _ ch: Int) -> Int64 { Int64(input[((b * h + y) * w + x) * c + ch]) }
        var out: [Int16] = []
        for b in 0..<n { for y in 0..<oh { for x in 0..<ow { for o in 0..<oc {
            var acc: Int64 = 0
            for ky in 0..<kh { for kx in 0..<kw {
                let iy = y * t.stride.0 - padTop + ky * t.dilation.0
                let ix = x * t.stride.1 - padLeft + kx * t.dilation.1
                guard (0..<h).contains(iy), (0..<w).contains(ix) else { continue }
                if depthwise {
                    acc += Int64(weights[(ky * kw + kx) * oc + o]) * xAt(b, iy, ix, o / (oc / c))
                } else {
                    for i in 0..<groupDepth {
                        let wv = Int64(weights[((o * kh + ky) * kw + kx) * groupDepth + i])
                        acc += wv * xAt(b, iy, ix, (o / perGroup) * groupDepth + i)
                    }
                }
            } }
            acc += bias[o]
            let ws = weightScales.count == 1 ? weightScales[0] : weightScales[o]
            out.append(SixteenBit.output(acc, inScale: inputScale, weightScale: ws, outScale: outputScale,
                                         activation: t.activation))
        } } } }
        return out
    }
}

extension HostileRecords {
    /// The option and tensor mutations both engines must refuse in a 16x8 weighted operator:
    /// non-zero offsets, a clamp outside int16, shifts beyond [−31, 14], arrays outside the
    /// data section, and wrong operand types.
    static func requantizationMutations16<O: OperatorOptions>(
        inputOffset: O, outputOffset: O, min: O, max: O, multipliers: O, shifts: O
    ) -> [Mutation] {
        [
            option(inputOffset, 1, "input offset"), option(inputOffset, -1, "input offset"),
            option(outputOffset, 1, "output offset"),
            option(min, -32769, "activation min"), option(max, 32768, "activation max"),
            Mutation(name: "min > max") { p in
                p.operators[0].options[min.rawValue] = 10
                p.operators[0].options[max.rawValue] = 9
            },
            option(multipliers, -4, "multipliers offset"), option(multipliers, 2, "multipliers offset"),
            option(multipliers, Int32.max - 3, "multipliers offset"), option(shifts, 1 << 30, "shifts offset"),
            arrayValue(multipliers, index: 0, -1, "multiplier"), arrayValue(shifts, index: 0, 15, "shift"),
            arrayValue(shifts, index: 0, -32, "shift"),
            Mutation(name: "weights zero point 1") { p in p.tensors[p.operators[0].inputs[1]].zeroPoint = 1 },
            Mutation(name: "bias of one value fewer") { p in p.tensors[p.operators[0].inputs[2]].shape[0] -= 1 },
            Mutation(name: "bias is int32") { p in
                let t = p.operators[0].inputs[2]
                p.tensors[t].type = .int32
                p.tensors[t].shape[0] *= 2
                p.tensors[t].quantKind = FormatSpec.quantNone
            },
            Mutation(name: "weights are int16") { p in
                let t = p.operators[0].inputs[1]
                p.tensors[t].type = .int16
                p.tensors[t].shape[p.tensors[t].shape.count - 1] = 1
                p.tensors[t].quantKind = FormatSpec.quantNone
            },
            Mutation(name: "input is int8 (output int16)") { p in
                let t = p.operators[0].inputs[0]
                p.tensors[t].type = .int8
            },
            Mutation(name: "output is int8 (input int16)") { p in
                let t = p.operators[0].outputs[0]
                p.tensors[t].type = .int8
            },
        ]
    }

    static func convolutionMutations16<O: OperatorOptions>(
        _: O.Type, stride: O, dilation: O, pad: O, inputOffset: O, outputOffset: O, min: O, max: O,
        multipliers: O, shifts: O
    ) -> [Mutation] {
        [
            option(stride, 0, "stride"), option(dilation, 0, "dilation"), option(pad, -1, "padding"),
            option(dilation, 1 << 30, "dilation"),
            Mutation(name: "output channels differ from weights") { p in p.tensors[p.operators[0].outputs[0]].shape[3] += 1 },
            Mutation(name: "output batch differs") { p in p.tensors[p.operators[0].outputs[0]].shape[0] += 1 },
            Mutation(name: "input rank 3") { p in
                let t = p.operators[0].inputs[0]
                p.tensors[t].shape = Array(p.tensors[t].shape.dropFirst())
            },
        ] + requantizationMutations16(inputOffset: inputOffset, outputOffset: outputOffset, min: min,
                                      max: max, multipliers: multipliers, shifts: shifts)
    }
}
