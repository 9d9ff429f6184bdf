@testable import KingletImport
import KingletTestSupport
import Testing

@Suite("TFLiteModel")
struct TFLiteModelTests {
    @Test func decodesASmallModel() throws {
        let bytes = TestFlatBufferBuilder.build(TFLiteTestModel.smallConvNet())
        let model = try TFLiteModel(bytes: bytes)
        #expect(model.version == 3)
        #expect(model.description == "test model")
        #expect(model.operatorCodes.map(\.builtinCode) == [.conv2D, .fullyConnected, .softmax])
        #expect(model.operatorCodes.map(\.version) == [3, 9, 1])
        #expect(model.buffers.count == 4)
        #expect(model.buffers[1].data == (0..<18).map { UInt8($0) })
        #expect(model.buffers[0].data.isEmpty)

        let graph = try #require(model.subgraphs.first)
        #expect(graph.name == "main")
        #expect(graph.inputs == [0] && graph.outputs == [6])
        #expect(graph.tensors.count == 7)
        let weights = graph.tensors[1]
        #expect(weights.name == "conv/weights")
        #expect(weights.shape == [2, 3, 3, 1])
        #expect(weights.type == .int8)
        #expect(weights.buffer == 1)
        #expect(weights.elementCount == 18)
        #expect(weights.quantization == TFLiteQuantization(scales: [0.01, 0.02], zeroPoints: [0, 0], quantizedDimension: 0))
        #expect(weights.quantization?.isPerChannel == true)
        #expect(graph.tensors[2].type == .int32)
        #expect(graph.tensors[0].quantization?.zeroPoints == [-128])

        #expect(graph.operators.count == 3)
        let conv = graph.operators[0]
        #expect(conv.inputs == [0, 1, 2] && conv.outputs == [3])
        #expect(conv.builtinOptions == .conv2D(TFLiteConv2DOptions(padding: .valid, strideW: 1, strideH: 1, fusedActivation: .relu)))
        #expect(graph.operators[1].inputs == [3, 4, -1])
        #expect(graph.operators[1].builtinOptions == .fullyConnected(TFLiteFullyConnectedOptions()))
        #expect(graph.operators[2].builtinOptions == .softmax(TFLiteSoftmaxOptions(beta: 1)))
        #expect(model.operatorCode(of: conv)?.builtinCode == .conv2D)
    }

    // MARK: Operator codes

    @Test(arguments: [
        (Int8?(3), Int32?.none, TFLiteBuiltinOperator.conv2D),        // before schema 3a: byte only
        (Int8?(127), Int32?(150), TFLiteBuiltinOperator.gelu),       // extended code beyond the byte
        (Int8?(9), Int32?(9), TFLiteBuiltinOperator.fullyConnected), // both, as current converters write
        (Int8?(4), Int32?(0), TFLiteBuiltinOperator.depthwiseConv2D),
        (Int8?.none, Int32?(117), TFLiteBuiltinOperator.hardSwish),
        (Int8?.none, Int32?.none, TFLiteBuiltinOperator.add),
    ])
    func effectiveBuiltinCodeIsTheLargerField(deprecated: Int8?, extended: Int32?, expected: TFLiteBuiltinOperator) throws {
        var code = TestTable()
        if let deprecated { code[0] = .int8(deprecated) }
        if let extended { code[3] = .int32(extended) }
        var root = TFLiteTestModel.smallConvNet()
        root[1] = .tables([code, TFLiteTestModel.operatorCode(.fullyConnected), TFLiteTestModel.operatorCode(.softmax)])
        let model = try TFLiteModel(bytes: TestFlatBufferBuilder.build(root))
        #expect(model.operatorCodes[0].builtinCode == expected)
        #expect(model.operatorCodes[0].version == 1, "version defaults to 1")
    }

    @Test func builtinOperatorNames() {
        #expect(TFLiteBuiltinOperator.conv2D.name == "CONV_2D")
        #expect(TFLiteBuiltinOperator.hardSwish.name == "HARD_SWISH")
        #expect(TFLiteBuiltinOperator.padV2.name == "PADV2")
        #expect(TFLiteBuiltinOperator(rawValue: 209).name == "STABLEHLO_CASE")
        #expect(TFLiteBuiltinOperator(rawValue: 123_456).name == "UNKNOWN(123456)")
        #expect(TFLiteBuiltinOperator(rawValue: -1).description == "UNKNOWN(-1)")
        #expect(TFLiteTensorType.int8.name == "INT8")
        #expect(TFLiteTensorType(rawValue: 99).name == "UNKNOWN(99)")
        #expect(TFLiteActivation.relu6.name == "RELU6")
        #expect(TFLitePadding(rawValue: 7).name == "UNKNOWN(7)")
        #expect(TFLiteBuiltinOptions.typeName(forCode: 75) == "LeakyReluOptions")
        #expect(TFLiteBuiltinOptions.unparsed(typeCode: 101).typeName == "BatchMatMulOptions")
    }

    // MARK: Buffers stored after the FlatBuffer

    @Test func readsBufferDataStoredAfterTheFlatBuffer() throws {
        let payload: [UInt8] = (0..<24).map { UInt8(truncatingIfNeeded: 0xF0 + $0) }
        func root(offset: UInt64) -> TestTable {
            var table = TFLiteTestModel.smallConvNet()
            guard case var .tables(buffers)? = table[4] else { fatalError("test model has buffers") }
            buffers[3] = TestTable([1: .uint64(offset), 2: .uint64(UInt64(payload.count))])
            table[4] = .tables(buffers)
            return table
        }
        // The layout does not depend on the offset's value, so build once to measure.
        let flatBufferSize = TestFlatBufferBuilder.build(root(offset: 0xDEAD)).count
        let offset = (flatBufferSize + 15) / 16 * 16
        var bytes = TestFlatBufferBuilder.build(root(offset: UInt64(offset)))
        bytes += [UInt8](repeating: 0, count: offset - bytes.count) + payload
        let model = try TFLiteModel(bytes: bytes)
        #expect(model.buffers[3].data == payload)
        #expect(model.buffers[3].fileOffset == offset)

        let truncated = Array(bytes.dropLast())
        let error = #expect(throws: ImportError.self) { try TFLiteModel(bytes: truncated) }
        #expect(try #require(error).description.contains("buffer 3: data at offset \(offset) with size 24 lies outside"))
    }

    // MARK: Hostile input

    @Test func everyTruncationThrows() throws {
        let bytes = TestFlatBufferBuilder.build(TFLiteTestModel.smallConvNet())
        _ = try TFLiteModel(bytes: bytes)
        #expect(TruncationProbe.prefixesThatDecode(bytes, lengths: 0..<bytes.count) == [])
    }

    @Test(arguments: 0..<4)
    func randomMutationsNeverCrash(seed: Int) {
        var generator = SeededGenerator(seed: 77 + UInt64(seed))
        let original = TestFlatBufferBuilder.build(TFLiteTestModel.smallConvNet())
        for _ in 0..<1500 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 8..<bytes.count, using: &generator)
                bytes[index] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? TFLiteModel(bytes: bytes)
        }
    }

    @Test(arguments: 0..<2)
    func randomBytesWithTheIdentifierNeverCrash(seed: Int) {
        var generator = SeededGenerator(seed: 500 + UInt64(seed))
        for _ in 0..<2000 {
            let length = Int.random(in: 16..<512, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            bytes.replaceSubrange(4..<8, with: Array("TFL3".utf8))
            bytes[0] = UInt8.random(in: 8..<UInt8(min(length, 255)), using: &generator)
            bytes[1] = 0; bytes[2] = 0; bytes[3] = 0
            _ = try? TFLiteModel(bytes: bytes)
        }
    }
}
