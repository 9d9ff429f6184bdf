/// Everything a `.kgl` file holds, before serialization: the lowering fills it, the
/// writer lays it out.
public struct KglProgram: Sendable {
    public var tensors: [KglTensorDraft] = []
    public var operators: [KglOperatorDraft] = []
    public var inputs: [Int] = []
    public var outputs: [Int] = []
    public var arenaBytes = 0
    /// The data section: constants, per-channel multipliers and shifts, scales.
    public var data: [UInt8] = []

    public init() {}

    /// Appends bytes to the data section at the next multiple of `alignment`; returns the offset.
    public mutating func appendData(_ bytes: [UInt8], alignment: Int = FormatSpec.alignment) -> Int {
        while data.count % alignment != 0 { data.append(0) }
        let offset = data.count
        data.append(contentsOf: bytes)
        return offset
    }

    /// Appends little-endian int32 values; returns their data-section offset.
    public mutating func appendInt32(_ values: [Int32]) -> Int {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 4)
        for value in values {
            let bits = UInt32(bitPattern: value)
            for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt32(k)))) }
        }
        return appendData(bytes, alignment: 4)
    }

    /// Appends little-endian float32 values; returns their data-section offset.
    public mutating func appendFloat32(_ values: [Float]) -> Int {
        appendInt32(values.map { Int32(bitPattern: $0.bitPattern) })
    }

    /// Adds a tensor; returns its index.
    public mutating func addTensor(_ tensor: KglTensorDraft) -> Int {
        tensors.append(tensor)
        return tensors.count - 1
    }
}
