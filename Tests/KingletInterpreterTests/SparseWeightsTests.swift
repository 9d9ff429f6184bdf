import KingletFormat
import KingletIR
import KingletTestSupport
import Testing

/// Sparse weights (format 1.4): the same pruned weights stored dense and sparse give
/// byte-identical outputs in both engines, for every kernel that reads them (CONV_2D incl.
/// 1x1 and grouped, DEPTHWISE_CONV_2D with multipliers 1 and 2, FULLY_CONNECTED; int8 and
/// 16x8), and damaged encodings are refused by both at load.
@Suite struct SparseWeightsTests {
    static let sparsities = [0.0, 0.5, 0.75, 0.9, 1.0]

    /// Zeroes `fraction` of the values at random positions (all of them at 1).
    static func prune(_ values: [Int8], _ fraction: Double, rng: inout SeededGenerator) -> [Int8] {
        var pruned = values.map { $0 == 0 ? 1 : $0 }
        let count = Int((fraction * Double(values.count)).rounded(.down))
        var order = Array(values.indices)
        order.shuffle(using: &rng)
        for i in order.prefix(count) { pruned[i] = 0 }
        return pruned
    }

    /// The graph with its weights (tensor 1) replaced.
    static func withWeights(_ graph: Graph, _ weights: [Int8]) -> Graph {
        var g = graph
        g.tensors[1].data = int8Bytes(weights)
        return g
    }

    static func lower(_ graph: Graph, sparse: Bool) throws -> [UInt8] {
        try KglWriter.write(KglLowering.lower(graph, plan: BothEngines.simplePlan(graph), sparseWeights: sparse))
    }

    /// Runs the graph with dense and with sparse weights in both engines; all four outputs
    /// must be equal. Returns the sparse model's weights record and the outputs.
    static func expectSameAsDense(_ graph: Graph, inputs: [[UInt8]], _ what: String,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws -> (KglTensor, [[UInt8]]) {
        let denseBytes = try lower(graph, sparse: false)
        let sparseBytes = try lower(graph, sparse: true)
        let dense = try BothEngines.run(denseBytes, inputs: inputs)
        let sparse = try BothEngines.run(sparseBytes, inputs: inputs)
        #expect(dense.swift == dense.c, "dense engines differ: \(what)", sourceLocation: sourceLocation)
        #expect(sparse.swift == dense.swift, "Swift sparse ≠ dense: \(what)", sourceLocation: sourceLocation)
        #expect(sparse.c == dense.swift, "C sparse ≠ dense: \(what)", sourceLocation: sourceLocation)
        let model = try KglModel(bytes: sparseBytes)
        let weights = model.tensors[model.operators[0].inputs[1]]
        // Stored sparse exactly from half zeros on, and then decoded back to the same bytes.
        let values = graph.tensors[1].data!
        let zeros = values.filter { $0 == 0 }.count
        #expect((weights.sparse != nil) == (2 * zeros >= values.count && !values.isEmpty),
                "encoding choice: \(what)", sourceLocation: sourceLocation)
        #expect(Array(model.constantBytes(weights)) == values, "decoded weights: \(what)", sourceLocation: sourceLocation)
        return (weights, sparse.swift)
    }

    @Test(arguments: Conv2DTests.cases.indices)
    func convolutionMatchesDense(_ index: Int) throws {
        var rng = SeededGenerator(seed: 0x5A0 + UInt64(index))
        let base = RandomConvolution.make(Conv2DTests.cases[index], depthwise: false, rng: &rng)
        for sparsity in Self.sparsities {
            let weights = Self.prune(base.weights, sparsity, rng: &rng)
            var model = base
            model.graph = Self.withWeights(base.graph, weights)
            model.weights = weights
            let input = (0..<base.test.input.reduce(1, *)).map { _ in Int8.random(in: -128...127, using: &rng) }
            let (record, outputs) = try Self.expectSameAsDense(model.graph, inputs: [int8Bytes(input)],
                                                               "\(base.test) sparsity \(sparsity)")
            #expect(outputs[0].map { Int8(bitPattern: $0) } == Reference.convolution(model, input: input))
            if sparsity >= 0.5 { #expect(record.sparse?.rowAxis == 0) }
        }
    }

    @Test(arguments: [(1, 3), (2, 3), (1, 9), (2, 4)] as [(Int, Int)])
    func depthwiseMatchesDense(_ multiplier: Int, _ channels: Int) throws {
        var rng = SeededGenerator(seed: 0xD5 + UInt64(multiplier * 16 + channels))
        let tests = [
            Conv2DTests.Case(input: [1, 6, 7, channels], kernel: (3, 3), outChannels: channels * multiplier, padding: .same),
            Conv2DTests.Case(input: [2, 7, 7, channels], kernel: (3, 3), outChannels: channels * multiplier,
                             stride: (2, 2), padding: .same, activation: .relu6),
            Conv2DTests.Case(input: [1, 9, 9, channels], kernel: (3, 2), outChannels: channels * multiplier,
                             dilation: (2, 2), padding: .valid, perChannel: false),
        ]
        for test in tests {
            let base = RandomConvolution.make(test, depthwise: true, rng: &rng)
            for sparsity in Self.sparsities {
                let weights = Self.prune(base.weights, sparsity, rng: &rng)
                var model = base
                model.graph = Self.withWeights(base.graph, weights)
                model.weights = weights
                let input = (0..<test.input.reduce(1, *)).map { _ in Int8.random(in: -128...127, using: &rng) }
                let (record, outputs) = try Self.expectSameAsDense(model.graph, inputs: [int8Bytes(input)],
                                                                   "\(test) sparsity \(sparsity)")
                #expect(outputs[0].map { Int8(bitPattern: $0) } == Reference.convolution(model, input: input))
                if sparsity >= 0.75 { #expect(record.sparse?.rowAxis == 3) }   // at 0.5 an odd count rounds below half
            }
        }
    }

    @Test(arguments: [([1, 20], 7), ([3, 64], 16), ([2, 3, 13], 5), ([4, 96], 33)] as [([Int], Int)])
    func fullyConnectedMatchesDense(_ input: [Int], _ units: Int) throws {
        var rng = SeededGenerator(seed: 0xFC + UInt64(units))
        let depth = input.last!
        let dense = (0..<(units * depth)).map { _ in Int8.random(in: -127...127, using: &rng) }
        for sparsity in Self.sparsities {
            for perChannel in [true, false] {
                let weights = Self.prune(dense, sparsity, rng: &rng)
                let g = FullyConnectedTests.graph(
                    input: input, inputQ: (0.05, 3), units: units, weights: weights,
                    weightScales: perChannel ? (0..<units).map { Float($0 + 1) * 0.002 } : [0.004],
                    bias: (0..<units).map { _ in Int32.random(in: -900...900, using: &rng) },
                    output: Array(input.dropLast()) + [units], outputQ: (0.3, -5), keepNumDims: true)
                let x = rng.int8Bytes(input.reduce(1, *))
                _ = try Self.expectSameAsDense(g, inputs: [x], "FC \(input) → \(units) sparsity \(sparsity) perChannel \(perChannel)")
            }
        }
    }

    /// The 16x8 kernels read sparse weights too.
    @Test func sixteenBitKernelsMatchDense() throws {
        var rng = SeededGenerator(seed: 0x1608)
        let conv = Conv2DAttributes(strideH: 2, strideW: 1, padding: .same, activation: .none)
        let depthwise = Conv2DAttributes(strideH: 1, strideW: 1, padding: .same, activation: .relu, depthMultiplier: 2)
        let cases: [(OperatorKind, [Int], [Int], Int, [Int])] = [
            (.conv2D(conv), [1, 6, 5, 3], [4, 3, 3, 3], 0, [1, 3, 5, 4]),
            (.conv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none)), [1, 4, 4, 8], [6, 1, 1, 8], 0, [1, 4, 4, 6]),
            (.depthwiseConv2D(depthwise), [1, 5, 5, 3], [1, 3, 3, 6], 3, [1, 5, 5, 6]),
            (.fullyConnected(activation: .none, keepNumDims: false), [2, 24], [5, 24], 0, [2, 5]),
        ]
        for (kind, input, weightShape, axis, output) in cases {
            let channels = weightShape[axis]
            for sparsity in [0.5, 0.75, 1.0] {
                let weights = Self.prune((0..<weightShape.reduce(1, *)).map { _ in Int8.random(in: -127...127, using: &rng) },
                                         sparsity, rng: &rng)
                let g = SixteenBit.weighted(
                    kind, input: input, inputScale: 0.001, weights: weightShape, weightData: weights,
                    weightScales: (0..<channels).map { _ in Float.random(in: 0.001...0.01, using: &rng) }, weightAxis: axis,
                    bias: (0..<channels).map { _ in Int64.random(in: -5000...5000, using: &rng) }, output: output,
                    outputScale: 0.002)
                let x = SixteenBit.int16Bytes(SixteenBit.random(input.reduce(1, *), using: &rng))
                let (record, _) = try Self.expectSameAsDense(g, inputs: [x], "16x8 \(kind) sparsity \(sparsity)")
                #expect(record.sparse != nil)
            }
        }
    }

    /// Stored size: ⌈N/8⌉ bitmap bytes + one per nonzero; the order puts each depthwise
    /// channel's taps together.
    @Test func encodingLayout() throws {
        // [1, 2, 2, 3] depthwise weights, channel c's taps at dense indices c, c+3, c+6, c+9.
        let dense: [UInt8] = [1, 0, 2, 0, 0, 3, 4, 0, 0, 0, 5, 0]
        let encoded = SparseEncoding.encode(dense, shape: [1, 2, 2, 3], rowAxis: 3)
        // Order: c0 taps (1, 0, 4, 0), c1 (0, 0, 0, 5), c2 (2, 3, 0, 0) → bits 0, 2, 7, 8, 9.
        #expect(encoded == [0b1000_0101, 0b0000_0011, 1, 4, 5, 2, 3])
        #expect(SparseEncoding.storedBytes(of: dense) == 7)
        #expect(SparseEncoding.elementOrder(shape: [2, 3], rowAxis: 0) == [0, 1, 2, 3, 4, 5])
        #expect(SparseEncoding.elementOrder(shape: [2, 3], rowAxis: 1) == [0, 3, 1, 4, 2, 5])
    }

    /// A pruned FC program for the hostile cases: weights [8, 12] at 75 % sparsity (96 bits,
    /// whole bitmap bytes) or [3, 5] (15 bits, one spare bit).
    static func sparseProgram(units: Int = 8, depth: Int = 12) throws -> KglProgram {
        var rng = SeededGenerator(seed: 0xBAD)
        let weights = prune((0..<(units * depth)).map { _ in Int8.random(in: -127...127, using: &rng) }, 0.75, rng: &rng)
        let g = FullyConnectedTests.graph(input: [1, depth], inputQ: (0.05, 3), units: units, weights: weights,
                                          weightScales: [0.01], bias: [Int32](repeating: 7, count: units),
                                          output: [1, units], outputQ: (0.3, -5))
        let program = try KglLowering.lower(g, plan: BothEngines.simplePlan(g), sparseWeights: true)
        #expect(program.tensors.contains { $0.sparseRowAxis != nil })
        return program
    }

    @Test func damagedEncodingsAreRefused() throws {
        let program = try Self.sparseProgram()
        let w = try #require(program.tensors.firstIndex { $0.sparseRowAxis != nil })
        let at = program.tensors[w].offset
        let bitmapBytes = 12
        typealias M = HostileRecords.Mutation
        try HostileRecords.expectRefusals(program, mutations: [
            M(name: "a stored value is zero") { p in p.data[at + bitmapBytes] = 0 },
            M(name: "bitmap claims values past the data section") { p in
                for k in 0..<bitmapBytes { p.data[at + k] = 0xFF }
                p.data.removeLast(p.data.count - (at + bitmapBytes + 40))
            },
            M(name: "bitmap past the data section") { p in p.tensors[w].offset = p.data.count - 4 },
            M(name: "row axis not below the rank") { p in p.tensors[w].sparseRowAxis = 2 },
            M(name: "row axis 1 for FULLY_CONNECTED") { p in p.tensors[w].sparseRowAxis = 1 },
            M(name: "sparse int16") { p in p.tensors[w].type = .int16 },
            M(name: "sparse weights as the input") { p in p.operators[0].inputs[0] = w },
            M(name: "sparse bias") { p in
                p.operators[0].inputs[2] = w
            },
        ])
        // A bit past the last element: [3, 5] has 15 elements, bit 15 must be clear.
        let odd = try Self.sparseProgram(units: 3, depth: 5)
        let v = try #require(odd.tensors.firstIndex { $0.sparseRowAxis != nil })
        let o = odd.tensors[v].offset
        try HostileRecords.expectRefusals(odd, mutations: [
            M(name: "bit past the last element") { p in p.data[o + 1] |= 0x80; p.data.insert(9, at: o + 2) },
        ])
    }

    /// Sparse weights of an operator kind that cannot read them are refused by both engines.
    @Test func sparseOperandOfAnotherKindIsRefused() throws {
        var program = try Self.sparseProgram()
        let w = try #require(program.tensors.firstIndex { $0.sparseRowAxis != nil })
        // An ADD whose second input is the sparse tensor (shapes agree: [8, 12] + [8, 12]).
        let a = program.addTensor(KglTensorDraft(type: .int8, shape: [8, 12], location: .arena, offset: 4096,
                                                 zeroPoint: 0, scale: 1, quantKind: FormatSpec.quantPerTensor))
        let y = program.addTensor(KglTensorDraft(type: .int8, shape: [8, 12], location: .arena, offset: 4096 + 96,
                                                 zeroPoint: 0, scale: 1, quantKind: FormatSpec.quantPerTensor))
        program.arenaBytes = 4096 + 192
        program.operators.append(KglOperatorDraft(kind: .add, inputs: [a, w], outputs: [y],
                                                  options: [Int32](repeating: 0, count: 16), name: "add"))
        let (swift, c) = BothEngines.acceptance(try KglWriter.write(program))
        #expect(swift != nil && c != nil, "swift \(swift ?? "accepts"), C \(c.map { "\($0)" } ?? "accepts")")
    }
}
