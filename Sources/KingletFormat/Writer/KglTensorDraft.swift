/// A tensor about to be written: the writer turns it into a tensor record.
public struct KglTensorDraft: Sendable {
    public var type: KglElementType
    public var shape: [Int]
    public var location: KglTensor.Location
    /// Arena offset, or data-section offset of a constant's bytes.
    public var offset: Int
    public var zeroPoint: Int32
    public var scale: Float
    /// Non-empty for per-channel quantization: the data-section offset of the float scales.
    public var channelScalesOffset: Int?
    public var quantAxis: Int
    public var quantKind: UInt8
    public var name: String?
    /// A model input's normalization: its channel count and the data-section offset of
    /// f32[2 × channels] (shifts, then multipliers); 0 channels when it has none.
    public var normalizationChannels = 0
    public var normalizationOffset = 0
    /// A sparse constant (format 1.4): its row axis; `offset` then locates the encoding.
    public var sparseRowAxis: Int?

    public init(type: KglElementType, shape: [Int], location: KglTensor.Location, offset: Int,
                zeroPoint: Int32 = 0, scale: Float = 0, quantKind: UInt8 = FormatSpec.quantNone,
                channelScalesOffset: Int? = nil, quantAxis: Int = 0, name: String? = nil) {
        self.type = type
        self.shape = shape
        self.location = location
        self.offset = offset
        self.zeroPoint = zeroPoint
        self.scale = scale
        self.quantKind = quantKind
        self.channelScalesOffset = channelScalesOffset
        self.quantAxis = quantAxis
        self.name = name
    }

    public var byteCount: Int { shape.reduce(1, *) * (type.byteCount ?? 0) }
}
