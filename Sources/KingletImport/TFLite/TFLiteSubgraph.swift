import KingletIO

/// A graph of operators over tensors (schema table `SubGraph`); subgraph 0 is the model's
/// entry point, others are bodies of control-flow operators.
public struct TFLiteSubgraph: Sendable, Hashable {
    public var name: String
    public var tensors: [TFLiteTensor]
    /// Indices of the tensors fed by the caller.
    public var inputs: [Int32]
    /// Indices of the tensors returned to the caller.
    public var outputs: [Int32]
    /// Operators in execution order.
    public var operators: [TFLiteOperator]

    public init(name: String = "", tensors: [TFLiteTensor], inputs: [Int32], outputs: [Int32],
                operators: [TFLiteOperator]) {
        self.name = name
        self.tensors = tensors
        self.inputs = inputs
        self.outputs = outputs
        self.operators = operators
    }

    private enum Field {
        static let tensors = 0, inputs = 1, outputs = 2, operators = 3, name = 4
    }

    init(table: FlatBufferTable, index: Int) throws(ImportError) {
        self = try ImportError.tflite(at: "subgraph \(index)") {
            TFLiteSubgraph(
                name: try table.string(Field.name) ?? "",
                tensors: try table.decodeTables(Field.tensors, label: "tensor") { index, table throws(ImportError) in
                    try TFLiteTensor(table: table, index: index)
                },
                inputs: try ImportError.tflite(at: "inputs") { try table.scalarVector(Field.inputs, as: Int32.self) ?? [] },
                outputs: try ImportError.tflite(at: "outputs") { try table.scalarVector(Field.outputs, as: Int32.self) ?? [] },
                operators: try table.decodeTables(Field.operators, label: "operator") { index, table throws(ImportError) in
                    try TFLiteOperator(table: table, index: index)
                })
        }
    }
}
