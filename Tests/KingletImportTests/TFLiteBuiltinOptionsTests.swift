import Testing
@testable import KingletImport

@Suite("TFLiteBuiltinOptions")
struct TFLiteBuiltinOptionsTests {
    /// Wraps `options` in the small test model's first operator and decodes it back.
    static func decode(typeCode: UInt8, _ options: TestTable) throws -> TFLiteBuiltinOptions {
        var root = TFLiteTestModel.smallConvNet()
        guard case var .tables(subgraphs)? = root[2], case var .tables(operators)? = subgraphs[0][3] else {
            fatalError("test model has one subgraph with operators")
        }
        operators[0][3] = .uint8(typeCode)
        operators[0][4] = .table(options)
        subgraphs[0][3] = .tables(operators)
        root[2] = .tables(subgraphs)
        let model = try TFLiteModel(bytes: TestFlatBufferBuilder.build(root))
        return model.subgraphs[0].operators[0].builtinOptions
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let typeCode: UInt8
        let fields: [Int: FieldValue]
        let expected: TFLiteBuiltinOptions
        var testDescription: String { TFLiteBuiltinOptions.typeName(forCode: typeCode) }

        /// Sendable mirror of the scalar and vector values option tables use.
        enum FieldValue: Sendable {
            case int8(Int8), bool(Bool), int32(Int32), float32(Float), int32s([Int32])
            var value: FlatBufferValue {
                switch self {
                case let .int8(v): .int8(v)
                case let .bool(v): .bool(v)
                case let .int32(v): .int32(v)
                case let .float32(v): .float32(v)
                case let .int32s(v): .int32s(v)
                }
            }
        }
    }

    static let cases: [Case] = [
        Case(typeCode: 1, fields: [0: .int8(1), 1: .int32(2), 2: .int32(3), 3: .int8(3), 4: .int32(2), 5: .int32(4), 6: .int8(4)],
             expected: .conv2D(TFLiteConv2DOptions(padding: .valid, strideW: 2, strideH: 3, fusedActivation: .relu6,
                                                   dilationWFactor: 2, dilationHFactor: 4, quantizedBiasType: .int64))),
        Case(typeCode: 1, fields: [:], expected: .conv2D(TFLiteConv2DOptions())),
        Case(typeCode: 2, fields: [0: .int8(0), 1: .int32(1), 2: .int32(2), 3: .int32(4), 4: .int8(1), 5: .int32(3), 6: .int32(5)],
             expected: .depthwiseConv2D(TFLiteDepthwiseConv2DOptions(padding: .same, strideW: 1, strideH: 2, depthMultiplier: 4,
                                                                     fusedActivation: .relu, dilationWFactor: 3, dilationHFactor: 5))),
        Case(typeCode: 5, fields: [0: .int8(1), 1: .int32(2), 2: .int32(2), 3: .int32(3), 4: .int32(4), 5: .int8(2)],
             expected: .pool2D(TFLitePool2DOptions(padding: .valid, strideW: 2, strideH: 2, filterWidth: 3, filterHeight: 4,
                                                   fusedActivation: .reluN1To1))),
        Case(typeCode: 8, fields: [0: .int8(1), 1: .int8(1), 2: .bool(true), 3: .bool(true), 4: .int8(2)],
             expected: .fullyConnected(TFLiteFullyConnectedOptions(fusedActivation: .relu, weightsFormat: .shuffled4x16Int8,
                                                                   keepNumDims: true, asymmetricQuantizeInputs: true,
                                                                   quantizedBiasType: .int32))),
        Case(typeCode: 9, fields: [0: .float32(0.5)], expected: .softmax(TFLiteSoftmaxOptions(beta: 0.5))),
        Case(typeCode: 10, fields: [0: .int32(-1), 1: .int8(4)],
             expected: .concatenation(TFLiteConcatenationOptions(axis: -1, fusedActivation: .tanh))),
        Case(typeCode: 11, fields: [0: .int8(1)], expected: .add(TFLiteAddOptions(fusedActivation: .relu, potScaleInt16: true))),
        Case(typeCode: 11, fields: [1: .bool(false)], expected: .add(TFLiteAddOptions(potScaleInt16: false))),
        Case(typeCode: 17, fields: [0: .int32s([1, -1, 8])], expected: .reshape(TFLiteReshapeOptions(newShape: [1, -1, 8]))),
        Case(typeCode: 17, fields: [:], expected: .reshape(TFLiteReshapeOptions(newShape: nil))),
        Case(typeCode: 21, fields: [0: .int8(3)], expected: .mul(TFLiteMulOptions(fusedActivation: .relu6))),
        Case(typeCode: 22, fields: [:], expected: .pad),
        Case(typeCode: 27, fields: [0: .bool(true)], expected: .reducer(TFLiteReducerOptions(keepDims: true))),
        Case(typeCode: 28, fields: [0: .int8(5), 1: .bool(false)],
             expected: .sub(TFLiteSubOptions(fusedActivation: .signBit, potScaleInt16: false))),
        Case(typeCode: 30, fields: [0: .int32s([1, 2])], expected: .squeeze(TFLiteSqueezeOptions(squeezeDims: [1, 2]))),
        Case(typeCode: 32, fields: [0: .int32(1), 1: .int32(2), 2: .int32(4), 3: .int32(8), 4: .int32(16), 5: .bool(true)],
             expected: .stridedSlice(TFLiteStridedSliceOptions(beginMask: 1, endMask: 2, ellipsisMask: 4, newAxisMask: 8,
                                                               shrinkAxisMask: 16, offset: true))),
        Case(typeCode: 43, fields: [:], expected: .padV2),
        Case(typeCode: 55, fields: [0: .int8(4)], expected: .shape(TFLiteShapeOptions(outType: .int64))),
        Case(typeCode: 59, fields: [0: .int32(3), 1: .int32(-1)], expected: .pack(TFLitePackOptions(valuesCount: 3, axis: -1))),
        Case(typeCode: 75, fields: [0: .float32(0.2)], expected: .leakyRelu(TFLiteLeakyReluOptions(alpha: 0.2))),
        Case(typeCode: 101, fields: [0: .bool(true)], expected: .unparsed(typeCode: 101)),
        Case(typeCode: 200, fields: [:], expected: .unparsed(typeCode: 200)),
    ]

    @Test(arguments: cases)
    func decodesOptionFields(testCase: Case) throws {
        let options = try Self.decode(typeCode: testCase.typeCode, TestTable(testCase.fields.mapValues(\.value)))
        #expect(options == testCase.expected)
        #expect(options.typeCode == testCase.typeCode)
    }

    @Test func unionTypeWithoutATableIsAnError() throws {
        var root = TFLiteTestModel.smallConvNet()
        guard case var .tables(subgraphs)? = root[2], case var .tables(operators)? = subgraphs[0][3] else {
            fatalError("test model has one subgraph with operators")
        }
        operators[2].fields[4] = nil  // SOFTMAX keeps its union type but loses the table
        subgraphs[0][3] = .tables(operators)
        root[2] = .tables(subgraphs)
        let error = #expect(throws: ImportError.self) { try TFLiteModel(bytes: TestFlatBufferBuilder.build(root)) }
        let message = try #require(error).description
        #expect(message.hasPrefix("TFLite: subgraph 0: operator 2: builtin_options: "), "\(message)")
        #expect(message.contains("union type is 9 but its value is missing"), "\(message)")
    }
}
