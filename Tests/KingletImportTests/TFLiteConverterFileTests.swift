@testable import KingletImport
import KingletTestSupport
import Testing

/// Files written by the real TFLite converter: the embedded golden model, whose contents
/// are known exactly, and every fixture in Tests/Fixtures/tflite.
@Suite("TFLite converter files")
struct TFLiteConverterFileTests {
    @Test func goldenModelDecodesExactly() throws {
        let model = try TFLiteModel(bytes: ConverterGolden.mixedInt8)
        #expect(model.version == 3)
        #expect(model.operatorCodes.map(\.builtinCode) == [
            .conv2D, .depthwiseConv2D, .add, .leakyRelu, .concatenation, .averagePool2D, .shape,
            .stridedSlice, .pack, .reshape, .fullyConnected, .mean, .softmax,
        ])
        #expect(model.operatorCodes.map(\.version) == [3, 3, 2, 1, 2, 2, 1, 1, 1, 1, 4, 2, 2])
        #expect(model.metadata.map(\.name) == ["min_runtime_version", "CONVERSION_METADATA"])
        #expect(model.buffers.count == 32)
        #expect(model.buffers[31].data.count == 96)

        let graph = try #require(model.subgraphs.first)
        #expect(model.subgraphs.count == 1)
        #expect(graph.name == "main")
        #expect(graph.inputs == [0] && graph.outputs == [28])
        #expect(graph.tensors.count == 29)
        let input = graph.tensors[0]
        #expect(input.name == "serving_default_keras_tensor:0")
        #expect(input.shape == [1, 8, 8, 2])
        #expect(input.shapeSignature == [-1, 8, 8, 2])
        #expect(input.type == .int8)
        #expect(input.quantization?.scales == [0.0039213490672409534])
        #expect(input.quantization?.zeroPoints == [-128])
        let kernel = graph.tensors[12]
        #expect(kernel.shape == [4, 3, 3, 2])
        #expect(kernel.quantization?.scales.count == 4)
        #expect(model.buffers[kernel.buffer].data.count == 72)

        let ops = graph.operators
        #expect(ops.map(\.opcodeIndex) == [0, 1, 2, 3, 0, 4, 5, 6, 7, 8, 9, 10, 11, 4, 10, 12])
        #expect(ops[0].inputs == [0, 12, 10] && ops[0].outputs == [13])
        #expect(ops[0].builtinOptions == .conv2D(TFLiteConv2DOptions(padding: .same, strideW: 1, strideH: 1, fusedActivation: .relu6)))
        #expect(ops[1].builtinOptions == .depthwiseConv2D(TFLiteDepthwiseConv2DOptions(padding: .same, strideW: 1, strideH: 1,
                                                                                        depthMultiplier: 1)))
        #expect(ops[2].builtinOptions == .add(TFLiteAddOptions()))
        #expect(ops[3].builtinOptions == .leakyRelu(TFLiteLeakyReluOptions(alpha: 0.2)))
        #expect(ops[5].builtinOptions == .concatenation(TFLiteConcatenationOptions(axis: -1)))
        #expect(ops[6].builtinOptions == .pool2D(TFLitePool2DOptions(padding: .valid, strideW: 2, strideH: 2,
                                                                     filterWidth: 2, filterHeight: 2)))
        #expect(ops[7].builtinOptions == .shape(TFLiteShapeOptions(outType: .int32)))
        #expect(ops[8].builtinOptions == .stridedSlice(TFLiteStridedSliceOptions(shrinkAxisMask: 1)))
        #expect(ops[9].builtinOptions == .pack(TFLitePackOptions(valuesCount: 2, axis: 0)))
        #expect(ops[10].builtinOptions == .none, "the converter passes RESHAPE's shape as an input")
        #expect(ops[11].inputs == [23, 6, -1], "no bias: -1 marks the absent input")
        #expect(ops[11].builtinOptions == .fullyConnected(TFLiteFullyConnectedOptions(fusedActivation: .relu)))
        #expect(ops[12].builtinOptions == .reducer(TFLiteReducerOptions(keepDims: false)))
        #expect(ops[15].builtinOptions == .softmax(TFLiteSoftmaxOptions(beta: 1)))
    }

    @Test func everyTruncationOfTheGoldenModelThrows() {
        let bytes = ConverterGolden.mixedInt8
        #expect(TruncationProbe.prefixesThatDecode(bytes, lengths: 0..<bytes.count) == [])
    }

    @Test(arguments: 0..<4)
    func mutatedGoldenModelNeverCrashes(seed: Int) {
        var generator = SeededGenerator(seed: 9000 + UInt64(seed))
        let original = ConverterGolden.mixedInt8
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? TFLiteModel(bytes: bytes)
        }
    }

    // MARK: Fixtures from Tests/Fixtures/tflite

    @Test(arguments: TFLiteFixtures.names)
    func fixtureDecodesAndValidates(name: String) throws {
        let model = try TFLiteModel(bytes: try TFLiteFixtures.bytes(name))
        let graph = try #require(model.subgraphs.first)
        #expect(!graph.operators.isEmpty)
        for op in graph.operators {
            let code = try #require(model.operatorCode(of: op))
            #expect(!code.builtinCode.name.hasPrefix("UNKNOWN"), "\(name): operator code \(code.builtinCode.rawValue)")
        }
        for index in graph.inputs + graph.outputs {
            let tensor = graph.tensors[Int(index)]
            if tensor.type == .int8 {
                #expect(tensor.quantization?.scales.count == 1, "\(name): int8 tensor '\(tensor.name)' needs per-tensor quantization")
            }
        }
    }

    /// Every prefix up to 512 bytes, then about 500 lengths spread over the rest.
    @Test(arguments: TFLiteFixtures.names)
    func fixtureTruncationsThrow(name: String) throws {
        let bytes = try TFLiteFixtures.bytes(name)
        let lengths = Array(0..<min(bytes.count, 512)) + Array(stride(from: 512, to: bytes.count, by: max(1, bytes.count / 500)))
        #expect(TruncationProbe.prefixesThatDecode(bytes, lengths: lengths) == [])
    }

    @Test(arguments: TFLiteFixtures.names)
    func mutatedFixturesNeverCrash(name: String) throws {
        let original = try TFLiteFixtures.bytes(name)
        var generator = SeededGenerator(seed: UInt64(original.count))
        for _ in 0..<100 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                // Concentrate on the FlatBuffer structure near the start and end, where
                // offsets and vtables live; constant data in between is opaque.
                let near = Bool.random(using: &generator) ? 0 : max(0, bytes.count - 4096)
                let index = min(bytes.count - 1, near + Int.random(in: 0..<4096, using: &generator))
                bytes[index] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? TFLiteModel(bytes: bytes)
        }
    }
}
