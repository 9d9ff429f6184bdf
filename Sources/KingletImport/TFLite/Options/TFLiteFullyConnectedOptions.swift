import KingletIO

/// Options of FULLY_CONNECTED (schema table `FullyConnectedOptions`).
public struct TFLiteFullyConnectedOptions: Sendable, Hashable {
    public var fusedActivation: TFLiteActivation
    public var weightsFormat: TFLiteWeightsFormat
    /// Keep the input's rank instead of flattening to 2-D (operator version 5+).
    public var keepNumDims: Bool
    /// For weight-only quantization (operator version 7+).
    public var asymmetricQuantizeInputs: Bool
    /// Bias and accumulator type (operator version 11+); FLOAT32 (0) means "not set".
    public var quantizedBiasType: TFLiteTensorType

    public init(fusedActivation: TFLiteActivation = .none, weightsFormat: TFLiteWeightsFormat = .default,
                keepNumDims: Bool = false, asymmetricQuantizeInputs: Bool = false,
                quantizedBiasType: TFLiteTensorType = .float32) {
        self.fusedActivation = fusedActivation
        self.weightsFormat = weightsFormat
        self.keepNumDims = keepNumDims
        self.asymmetricQuantizeInputs = asymmetricQuantizeInputs
        self.quantizedBiasType = quantizedBiasType
    }

    private enum Field {
        static let fusedActivation = 0, weightsFormat = 1, keepNumDims = 2
        static let asymmetricQuantizeInputs = 3, quantizedBiasType = 4
    }

    init(table: FlatBufferTable) throws(IOError) {
        self.init(
            fusedActivation: TFLiteActivation(rawValue: try table.scalar(Field.fusedActivation, default: 0)),
            weightsFormat: TFLiteWeightsFormat(rawValue: try table.scalar(Field.weightsFormat, default: 0)),
            keepNumDims: try table.bool(Field.keepNumDims, default: false),
            asymmetricQuantizeInputs: try table.bool(Field.asymmetricQuantizeInputs, default: false),
            quantizedBiasType: TFLiteTensorType(rawValue: try table.scalar(Field.quantizedBiasType, default: 0)))
    }
}
