import Testing
@testable import KingletImport

/// Each case breaks one rule in the small test model and checks the message names the
/// place and what was expected.
@Suite("TFLite validation")
struct TFLiteValidationTests {
    typealias Edit = @Sendable (inout TestTable) -> Void

    /// Applies `edit` to the first subgraph's table.
    static func editSubgraph(_ edit: @escaping @Sendable (inout TestTable) -> Void) -> Edit {
        { root in
            guard case var .tables(subgraphs)? = root[2] else { return }
            edit(&subgraphs[0])
            root[2] = .tables(subgraphs)
        }
    }

    static func editTensor(_ index: Int, _ edit: @escaping @Sendable (inout TestTable) -> Void) -> Edit {
        editSubgraph { subgraph in
            guard case var .tables(tensors)? = subgraph[0] else { return }
            edit(&tensors[index])
            subgraph[0] = .tables(tensors)
        }
    }

    static func editOperator(_ index: Int, _ edit: @escaping @Sendable (inout TestTable) -> Void) -> Edit {
        editSubgraph { subgraph in
            guard case var .tables(operators)? = subgraph[3] else { return }
            edit(&operators[index])
            subgraph[3] = .tables(operators)
        }
    }

    static func message(after edit: Edit) throws -> String {
        var root = TFLiteTestModel.smallConvNet()
        edit(&root)
        let error = #expect(throws: ImportError.self) { try TFLiteModel(bytes: TestFlatBufferBuilder.build(root)) }
        return try #require(error).description
    }

    static let breakages: [Breakage] = [
        Breakage("operator input out of range", editOperator(0) { $0[1] = .int32s([0, 9, 2]) },
         "TFLite: subgraph 0: operator 0 (CONV_2D v3): input 1 is tensor 9, but the subgraph has 7 tensors (-1 marks an absent input)"),
        Breakage("operator output -1", editOperator(2) { $0[2] = .int32s([-1]) },
         "TFLite: subgraph 0: operator 2 (SOFTMAX): output 0 is tensor -1, but the subgraph has 7 tensors"),
        Breakage("opcode index out of range", editOperator(1) { $0[0] = .uint32(3) },
         "TFLite: subgraph 0: operator 1: operator code index 3 is out of range; the model has 3 codes"),
        Breakage("subgraph output out of range", editSubgraph { $0[2] = .int32s([7]) },
         "TFLite: subgraph 0: output 0 is tensor 7, but the subgraph has 7 tensors"),
        Breakage("tensor buffer out of range", editTensor(4) { $0[2] = .uint32(12) },
         "TFLite: subgraph 0: tensor 4 'fc/weights': refers to buffer 12, but the model has 4 buffers"),
        Breakage("buffer size mismatch", editTensor(4) { $0[0] = .int32s([3, 9]) },
         "TFLite: subgraph 0: tensor 4 'fc/weights': buffer 3 holds 24 bytes, but shape [3, 9] of INT8 needs 27"),
        Breakage("negative dimension", editTensor(3) { $0[0] = .int32s([1, -2, 2, 2]) },
         "TFLite: subgraph 0: tensor 3 'conv/out': shape: dimension 1 of shape [1, -2, 2, 2] is -2; dimensions must be ≥ 0"),
        Breakage("rank above 8", editTensor(5) { $0[0] = .int32s([1, 1, 1, 1, 1, 1, 1, 1, 3]) },
         "TFLite: subgraph 0: tensor 5 'fc/out': shape: shape [1, 1, 1, 1, 1, 1, 1, 1, 3] has rank 9; at most 8 is supported"),
        Breakage("element count overflow", editTensor(5) { $0[0] = .int32s([.max, .max, .max, .max, .max]) },
         "TFLite: subgraph 0: tensor 5 'fc/out': shape: shape [2147483647, 2147483647, 2147483647, 2147483647, 2147483647] has more elements than can be addressed"),
        Breakage("scale and zero point counts differ", editTensor(1) {
            $0[4] = .table(TestTable([2: .float32s([0.1, 0.2]), 3: .int64s([0])]))
        }, "TFLite: subgraph 0: tensor 1 'conv/weights': quantization: 2 scales but 1 zero points; expected one zero point per scale"),
        Breakage("per-channel count differs from the channel dimension", editTensor(1) {
            $0[4] = .table(TestTable([2: .float32s([0.1, 0.2, 0.3]), 3: .int64s([0, 0, 0])]))
        }, "TFLite: subgraph 0: tensor 1 'conv/weights': quantization: 3 per-channel scales, but dimension 0 of shape [2, 3, 3, 1] has size 2"),
        Breakage("quantized dimension out of range", editTensor(1) {
            $0[4] = .table(TestTable([2: .float32s([0.1, 0.2]), 3: .int64s([0, 0]), 6: .int32(4)]))
        }, "TFLite: subgraph 0: tensor 1 'conv/weights': quantization: quantized dimension 4 is outside the tensor's rank 4"),
        Breakage("negative scale", editTensor(0) { $0[4] = .table(TestTable([2: .float32s([-1]), 3: .int64s([0])])) },
         "TFLite: subgraph 0: tensor 0 'input': quantization: scale -1.0 is not a finite non-negative number"),
        Breakage("external buffer", editTensor(0) { $0[10] = .uint32(2) },
         "TFLite: subgraph 0: tensor 0 'input': not supported: data in external buffer 2 (stored in a separate file)"),
        Breakage("custom quantization details", editTensor(0) { $0[4] = .table(TestTable([4: .uint8(1), 5: .table(TestTable())])) },
         "TFLite: subgraph 0: tensor 0 'input': quantization: not supported: custom quantization details (union type 1) replace scale and zero point"),
        Breakage("schema version 2", { $0[0] = .uint32(2) },
         "TFLite: not supported: schema version 2; this reader reads version 3"),
        Breakage("no subgraphs", { $0[2] = .tables([]) }, "TFLite: the model has no subgraphs"),
        Breakage("custom operator without a name", { root in
            root[1] = .tables([TestTable([3: .int32(32)]), TFLiteTestModel.operatorCode(.fullyConnected), TFLiteTestModel.operatorCode(.softmax)])
        }, "TFLite: operator code 0: CUSTOM operator without a custom_code name"),
        Breakage("buffer with inline and outside data", { root in
            guard case var .tables(buffers)? = root[4] else { return }
            buffers[2][1] = .uint64(64)
            buffers[2][2] = .uint64(8)
            root[4] = .tables(buffers)
        }, "TFLite: buffer 2: has both inline data (8 bytes) and an outside offset 64"),
    ]

    struct Breakage: Sendable, CustomTestStringConvertible {
        let name: String
        let edit: Edit
        let expected: String
        init(_ name: String, _ edit: @escaping Edit, _ expected: String) {
            self.name = name
            self.edit = edit
            self.expected = expected
        }
        var testDescription: String { name }
    }

    @Test(arguments: breakages)
    func reportsWhereAndWhat(breakage: Breakage) throws {
        let message = try Self.message(after: breakage.edit)
        #expect(message == breakage.expected)
    }
    @Test func wrongFileIdentifier() throws {
        let bytes = TestFlatBufferBuilder.build(TFLiteTestModel.smallConvNet(), identifier: "TFL2")
        let error = #expect(throws: ImportError.self) { try TFLiteModel(bytes: bytes) }
        #expect(try #require(error).description == "not a TFLite file: bytes 4..<8 are 'TFL2', expected the file identifier 'TFL3'")
        let binary: [UInt8] = [0x1C, 0, 0, 0, 0x00, 0xFF, 0x41, 0x0A]
        let other = #expect(throws: ImportError.self) { try TFLiteModel(bytes: binary) }
        #expect(try #require(other).description.contains("'\\x0\\xffA\\xa'"))
    }

    @Test func tooShort() throws {
        let error = #expect(throws: ImportError.self) { try TFLiteModel(bytes: [1, 2, 3]) }
        #expect(try #require(error) == .notRecognized(format: "TFLite", reason: "the file is 3 bytes; a TFLite model is a FlatBuffer of at least 8"))
    }

    @Test func handBuiltModelsValidateToo() {
        let tensor = TFLiteTensor(name: "x", shape: [2], type: .int8, buffer: 1)
        let model = TFLiteModel(
            operatorCodes: [TFLiteOperatorCode(builtin: .relu)],
            subgraphs: [TFLiteSubgraph(tensors: [tensor], inputs: [0], outputs: [0],
                                       operators: [TFLiteOperator(opcodeIndex: 0, inputs: [0], outputs: [0])])],
            buffers: [TFLiteBuffer(), TFLiteBuffer(data: [1, 2, 3])])
        #expect(throws: ImportError.invalid(format: "TFLite", location: ["subgraph 0", "tensor 0 'x'"],
                                            reason: "buffer 1 holds 3 bytes, but shape [2] of INT8 needs 2")) {
            try model.validate()
        }
    }

    @Test func operatorCodeConvenienceInitMatchesConverters() {
        let gelu = TFLiteOperatorCode(builtin: .gelu, version: 2)
        #expect(gelu.deprecatedBuiltinCode == 127 && gelu.extendedBuiltinCode == 150 && gelu.builtinCode == .gelu)
        #expect(gelu.displayName == "GELU v2")
        #expect(TFLiteOperatorCode(builtin: .custom, customCode: "TFLite_Detection_PostProcess").displayName
            == "CUSTOM 'TFLite_Detection_PostProcess'")
    }
}
