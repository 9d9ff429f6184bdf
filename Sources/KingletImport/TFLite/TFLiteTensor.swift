import KingletIO

/// A tensor of a subgraph (schema table `Tensor`).
public struct TFLiteTensor: Sendable, Hashable {
    public var name: String
    /// Dimensions (NHWC for images); every entry is ≥ 0. Dynamic dimensions are stored
    /// here with a concrete size (usually 1) and as -1 in `shapeSignature`.
    public var shape: [Int32]
    /// The shape with -1 for unknown dimensions, or `nil` when the file leaves it out.
    public var shapeSignature: [Int32]?
    public var type: TFLiteTensorType
    /// Index into the model's buffers; 0 is the empty sentinel buffer (no constant data).
    public var buffer: Int
    public var quantization: TFLiteQuantization?
    /// Whether the tensor is a variable (state kept between invocations).
    public var isVariable: Bool
    /// Distinguishes a scalar (shape [] with rank known) from a tensor of unknown rank.
    public var hasRank: Bool
    /// Whether the tensor carries sparsity parameters (its buffer is then a compressed
    /// encoding, not `shape` elements).
    public var isSparse: Bool

    public init(name: String = "", shape: [Int32], shapeSignature: [Int32]? = nil, type: TFLiteTensorType,
                buffer: Int = 0, quantization: TFLiteQuantization? = nil, isVariable: Bool = false,
                hasRank: Bool = false, isSparse: Bool = false) {
        self.name = name
        self.shape = shape
        self.shapeSignature = shapeSignature
        self.type = type
        self.buffer = buffer
        self.quantization = quantization
        self.isVariable = isVariable
        self.hasRank = hasRank
        self.isSparse = isSparse
    }

    /// Highest rank accepted; TFLite kernels stop well below it.
    public static let maxRank = 8

    /// Number of elements (1 for a scalar). Decoded tensors are checked not to overflow;
    /// for hand-built ones a negative dimension counts as 0 and overflow gives `Int.max`.
    public var elementCount: Int {
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: Swift.max(0, Int(dimension)))
            if overflow { return Int.max }
            count = product
        }
        return count
    }

    /// Bytes the elements occupy, for types with a whole-byte element size.
    public var byteCount: Int? {
        guard let size = type.byteSize else { return nil }
        let (bytes, overflow) = elementCount.multipliedReportingOverflow(by: size)
        return overflow ? nil : bytes
    }

    private enum Field {
        static let shape = 0, type = 1, buffer = 2, name = 3, quantization = 4, isVariable = 5
        static let sparsity = 6, shapeSignature = 7, hasRank = 8, externalBuffer = 10
    }

    /// Decodes and checks one tensor; errors are located at "tensor `index` 'name'".
    init(table: FlatBufferTable, index: Int) throws(ImportError) {
        let name = try ImportError.tflite(at: "tensor \(index)") { try table.string(Field.name) ?? "" }
        self = try ImportError.tflite(at: "tensor \(index) '\(name)'") {
            let shape = try ImportError.tflite(at: "shape") { try table.scalarVector(Field.shape, as: Int32.self) ?? [] }
            let tensor = TFLiteTensor(
                name: name,
                shape: shape,
                shapeSignature: try ImportError.tflite(at: "shape_signature") {
                    try table.scalarVector(Field.shapeSignature, as: Int32.self)
                },
                type: TFLiteTensorType(rawValue: try table.scalar(Field.type, default: 0)),
                buffer: Int(try table.scalar(Field.buffer, default: UInt32(0))),
                quantization: try ImportError.tflite(at: "quantization") {
                    guard let quantization = try table.table(Field.quantization) else { return nil }
                    return try TFLiteQuantization(table: quantization)
                },
                isVariable: try table.bool(Field.isVariable, default: false),
                hasRank: try table.bool(Field.hasRank, default: false),
                isSparse: table.hasField(Field.sparsity))
            let externalBuffer: UInt32 = try table.scalar(Field.externalBuffer, default: 0)
            guard externalBuffer == 0 else {
                throw ImportError.tfliteUnsupported("data in external buffer \(externalBuffer) (stored in a separate file)")
            }
            try tensor.validateShape()
            return tensor
        }
    }

    /// Checks rank, dimensions and size, and the quantization against the shape.
    func validateShape() throws(ImportError) {
        guard shape.count <= Self.maxRank else {
            throw .tfliteInvalid("shape \(shape) has rank \(shape.count); at most \(Self.maxRank) is supported", at: ["shape"])
        }
        if let negative = shape.firstIndex(where: { $0 < 0 }) {
            throw .tfliteInvalid("dimension \(negative) of shape \(shape) is \(shape[negative]); dimensions must be ≥ 0", at: ["shape"])
        }
        if let signature = shapeSignature {
            guard signature.count <= Self.maxRank, signature.allSatisfy({ $0 >= -1 }) else {
                throw .tfliteInvalid("shape_signature \(signature) needs rank ≤ \(Self.maxRank) and dimensions ≥ -1 (-1 marks an unknown size)")
            }
        }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(dimension))
            guard !overflow else {
                throw .tfliteInvalid("shape \(shape) has more elements than can be addressed", at: ["shape"])
            }
            count = product
        }
        if type.byteSize != nil, byteCount == nil {
            throw .tfliteInvalid("shape \(shape) of \(type) needs more bytes than can be addressed", at: ["shape"])
        }
        if let quantization {
            try ImportError.tflite(at: "quantization") { () throws(ImportError) in
                try quantization.validate(shape: shape)
            }
        }
    }
}
