import KingletIO

/// One operator of a subgraph (schema table `Operator`), in execution order.
public struct TFLiteOperator: Sendable, Hashable {
    /// Index into the model's `operatorCodes`.
    public var opcodeIndex: Int
    /// Tensor indices; -1 marks an absent optional input.
    public var inputs: [Int32]
    public var outputs: [Int32]
    /// Tensors internal to the operator (some LSTM kernels keep quantization there).
    public var intermediates: [Int32]
    public var builtinOptions: TFLiteBuiltinOptions
    /// Opaque options of custom operators (usually FlexBuffers).
    public var customOptions: [UInt8]
    /// Union type of the second options union (`builtin_options_2`, StableHLO-era
    /// operators); 0 when absent. Not parsed.
    public var builtinOptions2Type: UInt8

    public init(opcodeIndex: Int, inputs: [Int32], outputs: [Int32], intermediates: [Int32] = [],
                builtinOptions: TFLiteBuiltinOptions = .none, customOptions: [UInt8] = [],
                builtinOptions2Type: UInt8 = 0) {
        self.opcodeIndex = opcodeIndex
        self.inputs = inputs
        self.outputs = outputs
        self.intermediates = intermediates
        self.builtinOptions = builtinOptions
        self.customOptions = customOptions
        self.builtinOptions2Type = builtinOptions2Type
    }

    private enum Field {
        static let opcodeIndex = 0, inputs = 1, outputs = 2, builtinOptionsType = 3
        static let customOptions = 5, intermediates = 8
        static let largeCustomOptionsOffset = 9, largeCustomOptionsSize = 10, builtinOptions2Type = 11
    }

    init(table: FlatBufferTable, index: Int) throws(ImportError) {
        self = try ImportError.tflite(at: "operator \(index)") {
            let options: TFLiteBuiltinOptions = try ImportError.tflite(at: "builtin_options") {
                guard let union = try table.union(typeFieldID: Field.builtinOptionsType) else { return .none }
                return try TFLiteBuiltinOptions(typeCode: union.type, table: union.table)
            }
            let custom = try ImportError.tflite(at: "custom_options") {
                try table.blob(dataID: Field.customOptions, offsetID: Field.largeCustomOptionsOffset,
                               sizeID: Field.largeCustomOptionsSize)
            }
            return TFLiteOperator(
                opcodeIndex: Int(try table.scalar(Field.opcodeIndex, default: UInt32(0))),
                inputs: try ImportError.tflite(at: "inputs") { try table.scalarVector(Field.inputs, as: Int32.self) ?? [] },
                outputs: try ImportError.tflite(at: "outputs") { try table.scalarVector(Field.outputs, as: Int32.self) ?? [] },
                intermediates: try ImportError.tflite(at: "intermediates") {
                    try table.scalarVector(Field.intermediates, as: Int32.self) ?? []
                },
                builtinOptions: options,
                customOptions: custom.bytes,
                builtinOptions2Type: try table.scalar(Field.builtinOptions2Type, default: 0))
        }
    }
}
