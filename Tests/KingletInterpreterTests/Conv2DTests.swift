import KingletFormat
import KingletIR
@testable import KingletInterpreter
import KingletRuntimeC
import KingletTestSupport
import Testing

/// CONV_2D: the Swift interpreter and the C runtime agree byte for byte, and both agree with
/// a plain re-statement of TFLite Micro's ConvPerChannel (`Reference.conv2D`) and with
/// hand-computed values.
@Suite struct Conv2DTests {
    // MARK: Hand-computed

    /// 1×1 convolution, two output channels. s_in 0.5 · s_w 1 / s_out 1 = 0.5, so the
    /// requantization is a halving that rounds ties up.
    @Test func handComputedPointwise() throws {
        // x − zp_in = [2, −2]; channel 0: w [2, −3] → 4 + 6 + bias 5 = 15 → 7.5 → 8, + zp_out −2 = 6.
        // channel 1: w [1, 1] → 0 + bias −3 = −3 → −1.5 → −1 (tie toward +∞), − 2 = −3.
        let graph = SingleOpGraph.convolution(
            .conv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none)),
            input: [1, 1, 1, 2], inputQ: (0.5, 1), weights: [2, 1, 1, 2], weightData: [2, -3, 1, 1],
            weightScales: [1], bias: [5, -3], output: [1, 1, 1, 2], outputQ: (1, -2))
        let (swift, c) = try BothEngines.run(try BothEngines.lower(graph), inputs: [int8Bytes([3, -1])])
        #expect(swift == c)
        #expect(swift[0].map { Int8(bitPattern: $0) } == [6, -3])
    }

    /// SAME padding: taps outside the 3×3 image contribute nothing, as if they held the
    /// input zero point. All x − zp_in = 1 and all weights 1, with a unit rescale, give the
    /// number of in-image taps: 4 in corners, 6 on edges, 9 in the middle.
    @Test func handComputedSamePaddingCountsInImageTaps() throws {
        let graph = SingleOpGraph.convolution(
            .conv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .same, activation: .none)),
            input: [1, 3, 3, 1], inputQ: (1, 10), weights: [1, 3, 3, 1],
            weightData: [Int8](repeating: 1, count: 9), weightScales: [1], bias: [0],
            output: [1, 3, 3, 1], outputQ: (1, 0))
        let input = int8Bytes([Int8](repeating: 11, count: 9))
        let (swift, c) = try BothEngines.run(try BothEngines.lower(graph), inputs: [input])
        #expect(swift == c)
        #expect(swift[0].map { Int8(bitPattern: $0) } == [4, 6, 4, 6, 9, 6, 4, 6, 4])
    }

    /// RELU6 clamps at zp_out + round(6 / s_out) = −100 + 12 = −88 and RELU at zp_out.
    @Test func handComputedFusedActivation() throws {
        for (activation, expected) in [(Activation.relu6, [Int8(-100), -88]), (.relu, [-100, -40])] {
            // acc ∈ {−20, 60} → ×1 (scale 0.5·1/0.5) → −20 + (−100) = −120, 60 − 100 = −40.
            let graph = SingleOpGraph.convolution(
                .conv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: activation)),
                input: [1, 1, 2, 1], inputQ: (0.5, 0), weights: [1, 1, 1, 1], weightData: [1],
                weightScales: [1], bias: [0], output: [1, 1, 2, 1], outputQ: (0.5, -100))
            let (swift, c) = try BothEngines.run(try BothEngines.lower(graph), inputs: [int8Bytes([-20, 60])])
            #expect(swift == c)
            #expect(swift[0].map { Int8(bitPattern: $0) } == expected)
        }
    }

    // MARK: Random, against the reference

    struct Case: CustomStringConvertible, Sendable {
        var input: [Int]          // N, H, W, C
        var kernel: (Int, Int)
        var outChannels: Int
        var groups = 1
        var stride = (1, 1)
        var dilation = (1, 1)
        var padding = Padding.valid
        var activation = Activation.none
        var perChannel = true
        var hasBias = true
        var description: String {
            "in \(input) k \(kernel) out \(outChannels) g \(groups) s \(stride) d \(dilation) \(padding) \(activation) perChannel \(perChannel) bias \(hasBias)"
        }
    }

    static let cases: [Case] = [
        Case(input: [1, 5, 5, 3], kernel: (3, 3), outChannels: 4),
        Case(input: [2, 6, 7, 4], kernel: (3, 3), outChannels: 5, padding: .same, activation: .relu),
        Case(input: [1, 8, 8, 2], kernel: (3, 2), outChannels: 3, stride: (2, 2), padding: .same, activation: .relu6),
        Case(input: [1, 7, 9, 3], kernel: (2, 3), outChannels: 2, stride: (2, 3), padding: .same),
        Case(input: [1, 9, 9, 2], kernel: (3, 3), outChannels: 3, dilation: (2, 2), padding: .same),
        Case(input: [1, 9, 8, 2], kernel: (2, 3), outChannels: 3, stride: (1, 2), dilation: (3, 2), padding: .valid),
        Case(input: [1, 6, 6, 4], kernel: (3, 3), outChannels: 6, groups: 2, padding: .same),
        Case(input: [1, 5, 5, 6], kernel: (1, 1), outChannels: 6, groups: 3),
        Case(input: [1, 4, 4, 3], kernel: (3, 3), outChannels: 4, padding: .same, perChannel: false),
        Case(input: [1, 4, 4, 3], kernel: (3, 3), outChannels: 4, padding: .same, activation: .reluN1To1, hasBias: false),
        Case(input: [3, 1, 1, 16], kernel: (1, 1), outChannels: 8),
        Case(input: [1, 2, 2, 1], kernel: (5, 5), outChannels: 2, padding: .same),
    ]

    @Test(arguments: cases.indices)
    func randomMatchesReference(_ index: Int) throws {
        let test = Self.cases[index]
        var rng = SeededGenerator(seed: 0xC0117 + UInt64(index))
        let model = RandomConvolution.make(test, depthwise: false, rng: &rng)
        let bytes = try BothEngines.lower(model.graph)
        for round in 0..<3 {
            let input = rng.int8Bytes(test.input.reduce(1, *))
            let (swift, c) = try BothEngines.run(bytes, inputs: [input])
            #expect(BothEngines.mismatches(swift, c).isEmpty, "\(test) round \(round): \(BothEngines.mismatches(swift, c))")
            let expected = Reference.convolution(model, input: input.map { Int8(bitPattern: $0) })
            #expect(swift[0].map { Int8(bitPattern: $0) } == expected, "\(test) round \(round)")
        }
    }

    // MARK: Lowering refuses

    @Test func loweringRefusesWrongOutputShape() throws {
        var graph = SingleOpGraph.convolution(
            .conv2D(Conv2DAttributes(strideH: 2, strideW: 2, padding: .same, activation: .none)),
            input: [1, 5, 5, 1], inputQ: (1, 0), weights: [1, 3, 3, 1],
            weightData: [Int8](repeating: 1, count: 9), weightScales: [1], bias: [0],
            output: [1, 3, 3, 1], outputQ: (1, 0))
        _ = try BothEngines.lower(graph)
        graph.tensors[graph.outputs[0]].shape = [1, 2, 2, 1]
        #expect(throws: FormatError.self) { try BothEngines.lower(graph) }
    }

    @Test func loweringRefusesAsymmetricWeights() throws {
        var graph = SingleOpGraph.convolution(
            .conv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none)),
            input: [1, 1, 1, 1], inputQ: (1, 0), weights: [1, 1, 1, 1], weightData: [1],
            weightScales: [1], bias: [0], output: [1, 1, 1, 1], outputQ: (1, 0))
        graph.tensors[1].quantization = Quantization(scale: 1, zeroPoint: 3)
        #expect(throws: FormatError.self) { try BothEngines.lower(graph) }
    }

    @Test func loweringRefusesPerChannelScalesOnWrongAxis() throws {
        var graph = SingleOpGraph.convolution(
            .conv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none)),
            input: [1, 1, 1, 2], inputQ: (1, 0), weights: [2, 1, 1, 2], weightData: [1, 1, 1, 1],
            weightScales: [1, 2], bias: [0, 0], output: [1, 1, 1, 2], outputQ: (1, 0))
        _ = try BothEngines.lower(graph)
        graph.tensors[1].quantization?.axis = 3
        #expect(throws: FormatError.self) { try BothEngines.lower(graph) }
    }

    // MARK: Both engines refuse hostile records

    /// Each mutation of a valid CONV_2D record must be refused by both engines' checks.
    @Test func bothEnginesRefuseHostileOptions() throws {
        let graph = SingleOpGraph.convolution(
            .conv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .same, activation: .none)),
            input: [1, 4, 4, 2], inputQ: (0.5, 0), weights: [3, 3, 3, 2],
            weightData: [Int8](repeating: 1, count: 54), weightScales: [0.1, 0.2, 0.3], bias: [1, 2, 3],
            output: [1, 4, 4, 3], outputQ: (0.7, 5))
        let program = try KglLowering.lower(graph, plan: BothEngines.simplePlan(graph))
        try HostileRecords.expectRefusals(program, mutations: HostileRecords.convolutionMutations(
            Conv2DOptions.self, stride: .strideH, dilation: .dilationW, pad: .padTop,
            inputOffset: .inputOffset, outputOffset: .outputOffset, min: .activationMin,
            max: .activationMax, multipliers: .multipliers, shifts: .shifts))
    }

    @Test func bothEnginesAgreeOnRandomMutations() throws {
        let graph = SingleOpGraph.convolution(
            .conv2D(Conv2DAttributes(strideH: 2, strideW: 1, padding: .same, activation: .relu)),
            input: [1, 5, 6, 4], inputQ: (0.5, -3), weights: [4, 3, 2, 2],
            weightData: (0..<48).map { Int8(truncatingIfNeeded: $0 * 37) }, weightScales: [0.1, 0.2, 0.3, 0.05],
            bias: [1, -200, 3, 90], output: [1, 3, 6, 4], outputQ: (0.7, 5))
        let program = try KglLowering.lower(graph, plan: BothEngines.simplePlan(graph))
        try HostileRecords.expectParity(program, slotCount: Conv2DOptions.allCases.count, trials: 300, seed: 11)
    }
}

// MARK: - Test-side helpers shared by the three weighted-operator suites

func int8Bytes(_ values: [Int8]) -> [UInt8] { values.map { UInt8(bitPattern: $0) } }

func int32Bytes(_ values: [Int32]) -> [UInt8] {
    values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: UInt32(bitPattern: v) >> (8 * UInt32($0))) } }
}

/// One-operator IR graphs: tensor 0 input, 1 weights, 2 bias (if any), last the output.
enum SingleOpGraph {
    static func convolution(
        _ kind: OperatorKind, input: [Int], inputQ: (Float, Int), weights: [Int], weightData: [Int8],
        weightScales: [Float], weightAxis: Int? = nil, bias: [Int32]?, output: [Int], outputQ: (Float, Int)
    ) -> Graph {
        var graph = Graph()
        let x = graph.add(Tensor(name: "x", type: .int8, shape: input,
                                 quantization: Quantization(scale: inputQ.0, zeroPoint: inputQ.1)))
        let axis: Int
        if let weightAxis { axis = weightAxis } else if case .depthwiseConv2D = kind { axis = 3 } else { axis = 0 }
        let w = graph.add(Tensor(
            name: "w", type: .int8, shape: weights,
            quantization: Quantization(scales: weightScales, zeroPoints: weightScales.map { _ in 0 }, axis: axis),
            data: int8Bytes(weightData)))
        var inputs = [x, w]
        if let bias {
            let biasScales = weightScales.map { inputQ.0 * $0 }
            inputs.append(graph.add(Tensor(
                name: "b", type: .int32, shape: [bias.count],
                quantization: Quantization(scales: biasScales, zeroPoints: biasScales.map { _ in 0 }),
                data: int32Bytes(bias))))
        }
        let y = graph.add(Tensor(name: "y", type: .int8, shape: output,
                                 quantization: Quantization(scale: outputQ.0, zeroPoint: outputQ.1)))
        graph.operators = [Operator(kind: kind, inputs: inputs, outputs: [y], name: "op")]
        graph.inputs = [x]
        graph.outputs = [y]
        return graph
    }
}

/// A random CONV_2D or DEPTHWISE_CONV_2D graph and the values the reference needs.
struct RandomConvolution {
    var graph: Graph
    var test: Conv2DTests.Case
    var depthwise: Bool
    var weights: [Int8]
    var bias: [Int32]
    var inputQ: (Float, Int)
    var outputQ: (Float, Int)
    var weightScales: [Float]
    var outputShape: [Int]

    static func make(_ test: Conv2DTests.Case, depthwise: Bool, rng: inout SeededGenerator) -> RandomConvolution {
        let (n, h, w, c) = (test.input[0], test.input[1], test.input[2], test.input[3])
        let rows = spatialOutput(test.padding, h, test.kernel.0, test.stride.0, test.dilation.0)
        let cols = spatialOutput(test.padding, w, test.kernel.1, test.stride.1, test.dilation.1)
        let outC = test.outChannels
        let weightShape = depthwise ? [1, test.kernel.0, test.kernel.1, outC]
                                    : [outC, test.kernel.0, test.kernel.1, c / test.groups]
        let weights = (0..<weightShape.reduce(1, *)).map { _ in Int8.random(in: -127...127, using: &rng) }
        let inputQ = (Float.random(in: 0.01...0.1, using: &rng), Int.random(in: -128...127, using: &rng))
        let outputQ = (Float.random(in: 0.02...0.6, using: &rng), Int.random(in: -100...100, using: &rng))
        let weightScales = test.perChannel ? (0..<outC).map { _ in Float.random(in: 0.001...0.02, using: &rng) }
                                           : [Float.random(in: 0.001...0.02, using: &rng)]
        let bias = (0..<outC).map { _ in Int32.random(in: -3000...3000, using: &rng) }
        let attributes = Conv2DAttributes(
            strideH: test.stride.0, strideW: test.stride.1, dilationH: test.dilation.0,
            dilationW: test.dilation.1, padding: test.padding, activation: test.activation,
            depthMultiplier: depthwise ? outC / c : 1)
        let outputShape = [n, rows, cols, outC]
        let graph = SingleOpGraph.convolution(
            depthwise ? .depthwiseConv2D(attributes) : .conv2D(attributes), input: test.input,
            inputQ: inputQ, weights: weightShape, weightData: weights, weightScales: weightScales,
            bias: test.hasBias ? bias : nil, output: outputShape, outputQ: outputQ)
        return RandomConvolution(
            graph: graph, test: test, depthwise: depthwise, weights: weights,
            bias: test.hasBias ? bias : [Int32](repeating: 0, count: outC), inputQ: inputQ,
            outputQ: outputQ, weightScales: weightScales, outputShape: outputShape)
    }

    /// TFLite's output size: SAME ceil(in / stride), VALID ceil((in − effective + 1) / stride).
    static func spatialOutput(_ padding: Padding, _ size: Int, _ k: Int, _ s: Int, _ d: Int) -> Int {
        let effective = (k - 1) * d + 1
        return padding == .same ? (size + s - 1) / s : (size - effective + s) / s
    }
}

/// TFLite Micro's int8 arithmetic, re-stated plainly in Int64 (not the kernels' code).
enum Reference {
    /// MultiplyByQuantizedMultiplier with double rounding: the high multiply rounds ties
    /// toward +∞, floor((a·m + 2^30) / 2^31); the right shift rounds ties away from zero.
    static func requantize(_ x: Int64, multiplier: Int32, shift: Int32) -> Int64 {
        let left = Int64(max(shift, 0)), right = Int64(max(-shift, 0))
        let a = Int64(Int32(truncatingIfNeeded: x << left))
        let product = a * Int64(multiplier)
        var high = floorDivide(product + (1 << 30), 1 << 31)
        if high > Int64(Int32.max) { high = Int64(Int32.max) }
        if right == 0 { return high }
        let magnitude = (abs(high) + (1 << (right - 1))) >> right
        return high < 0 ? -magnitude : magnitude
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// The clamp TFLite's CalculateActivationRangeQuantized gives an int8 output.
    static func clamp(_ activation: Activation, scale: Float, zeroPoint: Int) -> (Int64, Int64) {
        func q(_ v: Float) -> Int64 { Int64(zeroPoint) + Int64((v / scale).rounded(.toNearestOrAwayFromZero)) }
        switch activation {
        case .none: return (-128, 127)
        case .relu: return (max(-128, q(0)), 127)
        case .relu6: return (max(-128, q(0)), min(127, q(6)))
        case .reluN1To1: return (max(-128, q(-1)), min(127, q(1)))
        }
    }

    /// acc (with bias) → int8 output, the multiplier from double(s_in)·double(s_w)/double(s_out).
    static func output(_ acc: Int64, inScale: Float, weightScale: Float, outputQ: (Float, Int),
                       activation: Activation, floatProduct: Bool = false) -> Int8 {
        let real = floatProduct ? Double(inScale * weightScale) / Double(outputQ.0)
                                : Double(inScale) * Double(weightScale) / Double(outputQ.0)
        let m = QuantizedMultiplier(real)
        let (lo, hi) = clamp(activation, scale: outputQ.0, zeroPoint: outputQ.1)
        let v = requantize(acc, multiplier: m.multiplier, shift: m.shift) + Int64(outputQ.1)
        return Int8(min(max(v, lo), hi))
    }

    /// ConvPerChannel / DepthwiseConvPerChannel, by their defining loops.
    static func convolution(_ model: RandomConvolution, input: [Int8]) -> [Int8] {
        let t = model.test
        let (n, h, w, c) = (t.input[0], t.input[1], t.input[2], t.input[3])
        let (oh, ow, oc) = (model.outputShape[1], model.outputShape[2], model.outputShape[3])
        let (kh, kw) = t.kernel
        let padTop = max(0, (oh - 1) * t.stride.0 + (kh - 1) * t.dilation.0 + 1 - h) / 2
        let padLeft = max(0, (ow - 1) * t.stride.1 + (kw - 1) * t.dilation.1 + 1 - w) / 2
        let groupDepth = model.depthwise ? 1 : c / t.groups
        let perGroup = oc / t.groups
        func xAt(_ b: Int, _ y: Int, _ x: Int, _ ch: Int) -> Int64 { Int64(input[((b * h + y) * w + x) * c + ch]) }
        var out: [Int8] = []
        for b in 0..<n { for y in 0..<oh { for x in 0..<ow { for o in 0..<oc {
            var acc: Int64 = 0
            for ky in 0..<kh { for kx in 0..<kw {
                let iy = y * t.stride.0 - padTop + ky * t.dilation.0
                let ix = x * t.stride.1 - padLeft + kx * t.dilation.1
                guard (0..<h).contains(iy), (0..<w).contains(ix) else { continue }
                if model.depthwise {
                    let wv = Int64(model.weights[(ky * kw + kx) * oc + o])
                    acc += wv * (xAt(b, iy, ix, o / (oc / c)) - Int64(model.inputQ.1))
                } else {
                    for i in 0..<groupDepth {
                        let wv = Int64(model.weights[((o * kh + ky) * kw + kx) * groupDepth + i])
                        acc += wv * (xAt(b, iy, ix, (o / perGroup) * groupDepth + i) - Int64(model.inputQ.1))
                    }
                }
            } }
            acc += Int64(model.bias[o])
            let ws = model.weightScales.count == 1 ? model.weightScales[0] : model.weightScales[o]
            out.append(output(acc, inScale: model.inputQ.0, weightScale: ws, outputQ: model.outputQ,
                              activation: t.activation))
        } } } }
        return out
    }
}

/// Mutations of a lowered one-operator program that both engines must refuse at load.
enum HostileRecords {
    struct Mutation {
        let name: String
        let apply: (inout KglProgram) -> Void
    }

    static func expectRefusals(_ program: KglProgram, mutations: [Mutation],
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        // Spare arena, so a mutation that grows a tensor reaches the kernel's check rather
        // than the generic bounds check.
        let program = withSpareArena(program)
        let valid = try KglWriter.write(program)
        let baseline = BothEngines.acceptance(valid)
        #expect(baseline.swift == nil && baseline.c == nil, "valid model refused: \(baseline)", sourceLocation: sourceLocation)
        for mutation in mutations {
            var hostile = program
            mutation.apply(&hostile)
            let verdict = BothEngines.acceptance(try KglWriter.write(hostile))
            #expect(verdict.swift != nil, "Swift accepted: \(mutation.name)", sourceLocation: sourceLocation)
            #expect(verdict.c != nil, "C accepted: \(mutation.name)", sourceLocation: sourceLocation)
        }
    }

    /// The program with 4096 more arena bytes, held by an unused arena tensor (a loader
    /// refuses an arena larger than all its arena tensors together).
    static func withSpareArena(_ program: KglProgram) -> KglProgram {
        var program = program
        _ = program.addTensor(KglTensorDraft(type: .int8, shape: [4096], location: .arena,
                                             offset: program.arenaBytes))
        program.arenaBytes += 4096
        return program
    }

    /// Sets option `slot` to `value`. Takes an existential so `let option = HostileRecords.option`
    /// works without a type context.
    /// Random mutations of options 0..<slotCount and of the weights' zero point: both
    /// engines must accept or refuse each alike, and run an accepted one to the same bytes.
    static func expectParity(_ program: KglProgram, slotCount: Int, trials: Int, seed: UInt64,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        var rng = SeededGenerator(seed: seed)
        let interesting: [Int32] = [.min, -129, -128, -127, -32, -31, -1, 0, 1, 2, 3, 4, 8, 30, 31, 32,
                                    127, 128, 129, 1 << 30, .max]
        var program = withSpareArena(program)
        var accepted = 0
        for trial in 0..<trials {
            var hostile = program
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                let slot = Int.random(in: 0..<slotCount, using: &rng)
                let original = hostile.operators[0].options[slot]
                hostile.operators[0].options[slot] = Bool.random(using: &rng)
                    ? interesting.randomElement(using: &rng)! : original &+ Int32.random(in: -2...2, using: &rng)
            }
            if Int.random(in: 0..<8, using: &rng) == 0 {
                hostile.tensors[hostile.operators[0].inputs[1]].zeroPoint = Int32.random(in: -1...1, using: &rng)
            }
            let bytes = try KglWriter.write(hostile)
            let verdict = BothEngines.acceptance(bytes)
            #expect((verdict.swift == nil) == (verdict.c == nil),
                    "trial \(trial): options \(hostile.operators[0].options): Swift \(verdict.swift ?? "accepts"), C \(verdict.c.map { "\($0.rawValue)" } ?? "accepts")",
                    sourceLocation: sourceLocation)
            guard verdict.swift == nil, verdict.c == nil else { continue }
            accepted += 1
            let inputs = (try KglModel(bytes: bytes)).inputs.map { rng.int8Bytes(hostile.tensors[$0].byteCount) }
            let (swift, c) = try BothEngines.run(bytes, inputs: inputs)
            #expect(swift == c, "trial \(trial): \(BothEngines.mismatches(swift, c))", sourceLocation: sourceLocation)
        }
        #expect(accepted > 0, "no mutation was accepted; the parity of running was not exercised",
                sourceLocation: sourceLocation)
    }

    static func option(_ slot: any OperatorOptions, _ value: Int32, _ name: String) -> Mutation {
        Mutation(name: "\(name) = \(value)") { p in p.operators[0].options[slot.rawValue] = value }
    }

    /// Rewrites one int32 of the array whose offset option slot `slot` holds.
    static func arrayValue(_ slot: any OperatorOptions, index: Int, _ value: Int32, _ name: String) -> Mutation {
        Mutation(name: "\(name)[\(index)] = \(value)") { p in
            let at = Int(p.operators[0].options[slot.rawValue]) + 4 * index
            let bits = UInt32(bitPattern: value)
            for k in 0..<4 { p.data[at + k] = UInt8(truncatingIfNeeded: bits >> (8 * UInt32(k))) }
        }
    }

    /// The shared option mutations of the weighted operators.
    static func requantizationMutations<O: OperatorOptions>(
        inputOffset: O, outputOffset: O, min: O, max: O, multipliers: O, shifts: O
    ) -> [Mutation] {
        [
            option(inputOffset, 129, "input offset"), option(inputOffset, -128, "input offset"),
            option(outputOffset, 128, "output offset"), option(outputOffset, -129, "output offset"),
            option(min, -129, "activation min"), option(max, 128, "activation max"),
            Mutation(name: "min > max") { p in
                p.operators[0].options[min.rawValue] = 10
                p.operators[0].options[max.rawValue] = 9
            },
            option(multipliers, -4, "multipliers offset"), option(multipliers, 2, "multipliers offset"),
            option(multipliers, Int32.max - 3, "multipliers offset"), option(shifts, 1 << 30, "shifts offset"),
            arrayValue(multipliers, index: 0, -1, "multiplier"), arrayValue(shifts, index: 0, 31, "shift"),
            arrayValue(shifts, index: 0, -32, "shift"),
            Mutation(name: "weights zero point 1") { p in p.tensors[p.operators[0].inputs[1]].zeroPoint = 1 },
            Mutation(name: "bias of one value fewer") { p in
                let t = p.operators[0].inputs[2]
                p.tensors[t].shape[0] -= 1
            },
            Mutation(name: "bias is int8") { p in
                let t = p.operators[0].inputs[2]
                p.tensors[t].type = .int8
                p.tensors[t].shape[0] *= 4
                p.tensors[t].quantKind = FormatSpec.quantNone
            },
            Mutation(name: "output is int32") { p in
                let t = p.operators[0].outputs[0]
                p.tensors[t].type = .int32
                p.tensors[t].shape[p.tensors[t].shape.count - 1] = 1
            },
        ]
    }

    static func convolutionMutations<O: OperatorOptions>(
        _: O.Type, stride: O, dilation: O, pad: O, inputOffset: O, outputOffset: O, min: O, max: O,
        multipliers: O, shifts: O
    ) -> [Mutation] {
        [
            option(stride, 0, "stride"), option(stride, -1, "stride"), option(dilation, 0, "dilation"),
            option(pad, -1, "padding"), option(stride, Int32.max, "stride"),
            option(dilation, 1 << 30, "dilation"),
            Mutation(name: "output channels differ from weights") { p in
                let t = p.operators[0].outputs[0]
                p.tensors[t].shape[3] += 1
            },
            Mutation(name: "output batch differs") { p in
                let t = p.operators[0].outputs[0]
                p.tensors[t].shape[0] += 1
            },
            Mutation(name: "input rank 3") { p in
                let t = p.operators[0].inputs[0]
                p.tensors[t].shape = Array(p.tensors[t].shape.dropFirst())
            },
        ] + requantizationMutations(inputOffset: inputOffset, outputOffset: outputOffset, min: min,
                                    max: max, multipliers: multipliers, shifts: shifts)
    }
}
