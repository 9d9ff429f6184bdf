import KingletFormat

/// The model and its arena during a run: typed reads of any tensor, writes of arena tensors.
public struct Memory: Sendable {
    public let model: KglModel
    public internal(set) var arena: [UInt8]
    /// The values of fused tensors (format 1.6), which the C runtime never stores: this
    /// engine computes a fused CONV_2D and its ADD one after the other, as unfused ones.
    var fused: [Int: [UInt8]] = [:]

    init(model: KglModel) {
        self.model = model
        arena = [UInt8](repeating: 0, count: model.header.arenaBytes)
    }

    func tensor(_ index: Int) -> KglTensor { model.tensors[index] }

    /// The raw bytes of a tensor, wherever it lives.
    public func bytes(_ index: Int) -> ArraySlice<UInt8> {
        let t = model.tensors[index]
        switch t.location {
        case .arena: return arena[t.offset..<(t.offset + t.byteCount)]
        case .constant: return model.constantBytes(t)
        case .fused: return fused[index].map { $0[...] } ?? [UInt8](repeating: 0, count: t.byteCount)[...]
        }
    }

    func int8(_ index: Int) -> [Int8] {
        bytes(index).withUnsafeBytes { Array($0.bindMemory(to: Int8.self)) }
    }

    func int16(_ index: Int) -> [Int16] { littleEndian(index, as: UInt16.self).map { Int16(bitPattern: $0) } }

    func int32(_ index: Int) -> [Int32] { littleEndian(index, as: UInt32.self).map { Int32(bitPattern: $0) } }

    func int64(_ index: Int) -> [Int64] { littleEndian(index, as: UInt64.self).map { Int64(bitPattern: $0) } }

    func float32(_ index: Int) -> [Float] { littleEndian(index, as: UInt32.self).map { Float(bitPattern: $0) } }

    /// `count` int32 values from the data section (bounds checked by the kernel's `check`).
    func int32Array(at offset: Int32, count: Int) -> [Int32] {
        model.int32Array(at: offset, count: count) ?? []
    }

    public mutating func write(_ bytes: [UInt8], to index: Int) {
        let t = model.tensors[index]
        precondition(t.location != .constant && bytes.count == t.byteCount)
        if t.location == .fused {
            fused[index] = bytes
            return
        }
        arena.replaceSubrange(t.offset..<(t.offset + t.byteCount), with: bytes)
    }

    mutating func write(int8 values: [Int8], to index: Int) {
        write(values.withUnsafeBytes { Array($0) }, to: index)
    }

    mutating func write(int16 values: [Int16], to index: Int) {
        write(values.flatMap { v in [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)] }, to: index)
    }

    mutating func write(float32 values: [Float], to index: Int) {
        write(values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt32($0))) } }, to: index)
    }

    private func littleEndian<T: FixedWidthInteger & UnsignedInteger>(_ index: Int, as: T.Type) -> [T] {
        let raw = bytes(index)
        let size = MemoryLayout<T>.size
        var values: [T] = []
        values.reserveCapacity(raw.count / size)
        var i = raw.startIndex
        while i + size <= raw.endIndex {
            var value: T = 0
            for k in 0..<size { value |= T(raw[i + k]) << (8 * k) }
            values.append(value)
            i += size
        }
        return values
    }
}
