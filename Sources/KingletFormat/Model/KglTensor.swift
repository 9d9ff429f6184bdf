import KingletIR

/// A decoded tensor record of a `.kgl` model.
public struct KglTensor: Sendable {
    /// `fused` (format 1.6): a CONV_2D output computed into the next ADD, never stored.
    public enum Location: Sendable, Hashable { case arena, constant, fused }

    public let index: Int
    public let type: KglElementType
    public let shape: [Int]
    public let location: Location
    /// Byte offset into the arena or into the data section (0 for a fused tensor).
    public let offset: Int
    public let byteCount: Int
    public let zeroPoint: Int32
    public let scale: Float
    public let quantKind: UInt8
    public let quantAxis: Int
    /// Per-channel scales (quant kind per-channel), else empty.
    public let channelScales: [Float]
    public let name: String?
    /// On a model input: the per-channel map its float values go through before they are
    /// quantized (format 1.3).
    public let normalization: InputNormalization?
    /// A sparse constant's encoding (format 1.4); nil for a dense constant or an arena tensor.
    public let sparse: SparseEncoding?

    public var elementCount: Int { shape.reduce(1, *) }

    /// Bytes the tensor occupies in the data section (a sparse constant's encoding, else
    /// its dense size).
    public var storedByteCount: Int { sparse?.storedBytes ?? byteCount }

    /// "tensor 3 'conv1/BiasAdd'", for messages.
    public var label: String {
        name.map { "tensor \(index) '\($0)'" } ?? "tensor \(index)"
    }
}
