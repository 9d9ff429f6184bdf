import KingletImport

/// Builds TFLite FlatBuffers for tests, table by table, with the schema's field ids.
enum TFLiteTestModel {
    static func model(operatorCodes: [TestTable], subgraphs: [TestTable], buffers: [TestTable],
                      version: UInt32 = 3, description: String? = "test model") -> TestTable {
        var table = TestTable([
            0: .uint32(version),
            1: .tables(operatorCodes),
            2: .tables(subgraphs),
            4: .tables(buffers),
        ])
        if let description {
            table[3] = .string(description)
        }
        return table
    }

    static func operatorCode(_ builtin: TFLiteBuiltinOperator, version: Int32 = 1) -> TestTable {
        TestTable([0: .int8(Int8(clamping: min(builtin.rawValue, 127))), 2: .int32(version), 3: .int32(builtin.rawValue)])
    }

    static func subgraph(tensors: [TestTable], inputs: [Int32], outputs: [Int32], operators: [TestTable],
                         name: String = "main") -> TestTable {
        TestTable([0: .tables(tensors), 1: .int32s(inputs), 2: .int32s(outputs), 3: .tables(operators), 4: .string(name)])
    }

    static func tensor(_ name: String, shape: [Int32], type: TFLiteTensorType = .int8, buffer: UInt32 = 0,
                       scales: [Float]? = nil, zeroPoints: [Int64]? = nil, quantizedDimension: Int32 = 0) -> TestTable {
        var table = TestTable([0: .int32s(shape), 1: .int8(type.rawValue), 2: .uint32(buffer), 3: .string(name)])
        if let scales {
            table[4] = .table(TestTable([2: .float32s(scales), 3: .int64s(zeroPoints ?? scales.map { _ in 0 }),
                                         6: .int32(quantizedDimension)]))
        }
        return table
    }

    static func op(_ opcodeIndex: UInt32, inputs: [Int32], outputs: [Int32],
                   options: (type: UInt8, table: TestTable)? = nil) -> TestTable {
        var table = TestTable([0: .uint32(opcodeIndex), 1: .int32s(inputs), 2: .int32s(outputs)])
        if let options {
            table[3] = .uint8(options.type)
            table[4] = .table(options.table)
        }
        return table
    }

    static func buffer(_ data: [UInt8]? = nil) -> TestTable {
        guard let data else { return TestTable() }
        return TestTable([0: .bytes(data)])
    }

    /// A small valid int8 model: input [1, 4, 4, 1] → CONV_2D (2 filters of 3×3, per-channel
    /// quantized, bias) → FULLY_CONNECTED → SOFTMAX.
    static func smallConvNet() -> TestTable {
        let tensors = [
            tensor("input", shape: [1, 4, 4, 1], scales: [0.5], zeroPoints: [-128]),
            tensor("conv/weights", shape: [2, 3, 3, 1], buffer: 1, scales: [0.01, 0.02], zeroPoints: [0, 0]),
            tensor("conv/bias", shape: [2], type: .int32, buffer: 2, scales: [0.005, 0.01]),
            tensor("conv/out", shape: [1, 2, 2, 2], scales: [0.1], zeroPoints: [-3]),
            tensor("fc/weights", shape: [3, 8], buffer: 3, scales: [0.03]),
            tensor("fc/out", shape: [1, 3], scales: [0.2], zeroPoints: [4]),
            tensor("softmax", shape: [1, 3], scales: [1.0 / 256], zeroPoints: [-128]),
        ]
        let operators = [
            op(0, inputs: [0, 1, 2], outputs: [3], options: (1, TestTable([0: .int8(1), 1: .int32(1), 2: .int32(1), 3: .int8(1)]))),
            op(1, inputs: [3, 4, -1], outputs: [5], options: (8, TestTable())),
            op(2, inputs: [5], outputs: [6], options: (9, TestTable([0: .float32(1)]))),
        ]
        return model(
            operatorCodes: [operatorCode(.conv2D, version: 3), operatorCode(.fullyConnected, version: 9), operatorCode(.softmax)],
            subgraphs: [subgraph(tensors: tensors, inputs: [0], outputs: [6], operators: operators)],
            buffers: [buffer(), buffer((0..<18).map { UInt8($0) }), buffer([UInt8](repeating: 1, count: 8)),
                      buffer([UInt8](repeating: 0xFE, count: 24))])
    }
}
