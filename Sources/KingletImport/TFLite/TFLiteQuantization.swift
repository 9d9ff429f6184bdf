import KingletIO

/// Affine quantization of a tensor (schema table `QuantizationParameters`):
/// `real = scale * (quantized - zeroPoint)`, per tensor (one scale) or per channel along
/// `quantizedDimension` (one scale per channel).
public struct TFLiteQuantization: Sendable, Hashable {
    public var scales: [Float]
    public var zeroPoints: [Int64]
    public var quantizedDimension: Int32
    /// Calibration range kept for re-export; not used for arithmetic.
    public var min: [Float]
    public var max: [Float]

    public init(scales: [Float], zeroPoints: [Int64], quantizedDimension: Int32 = 0,
                min: [Float] = [], max: [Float] = []) {
        self.scales = scales
        self.zeroPoints = zeroPoints
        self.quantizedDimension = quantizedDimension
        self.min = min
        self.max = max
    }

    /// Whether there is one scale per channel rather than one for the whole tensor.
    public var isPerChannel: Bool { scales.count > 1 }

    private enum Field {
        static let min = 0, max = 1, scale = 2, zeroPoint = 3, detailsType = 4, quantizedDimension = 6
    }

    /// Decodes the table; `nil` when it carries no parameters (converters write an empty
    /// table for float tensors).
    init?(table: FlatBufferTable) throws {
        let detailsType: UInt8 = try table.scalar(Field.detailsType, default: 0)
        guard detailsType == 0 else {
            throw ImportError.tfliteUnsupported("custom quantization details (union type \(detailsType)) replace scale and zero point")
        }
        self.init(scales: try table.float32Vector(Field.scale) ?? [],
                  zeroPoints: try table.scalarVector(Field.zeroPoint, as: Int64.self) ?? [],
                  quantizedDimension: try table.scalar(Field.quantizedDimension, default: 0),
                  min: try table.float32Vector(Field.min) ?? [],
                  max: try table.float32Vector(Field.max) ?? [])
        if scales.isEmpty, zeroPoints.isEmpty, min.isEmpty, max.isEmpty {
            return nil
        }
    }

    /// Checks the parameters against the shape of the tensor they belong to.
    func validate(shape: [Int32]) throws(ImportError) {
        guard scales.count == zeroPoints.count else {
            throw .tfliteInvalid("\(scales.count) scales but \(zeroPoints.count) zero points; expected one zero point per scale")
        }
        if let bad = scales.first(where: { !$0.isFinite || $0 < 0 }) {
            throw .tfliteInvalid("scale \(bad) is not a finite non-negative number")
        }
        guard scales.count > 1 else { return }
        let axis = Int(quantizedDimension)
        guard shape.indices.contains(axis) else {
            throw .tfliteInvalid("quantized dimension \(quantizedDimension) is outside the tensor's rank \(shape.count)")
        }
        guard Int(shape[axis]) == scales.count else {
            throw .tfliteInvalid("\(scales.count) per-channel scales, but dimension \(axis) of shape \(shape) has size \(shape[axis])")
        }
    }
}
