/// A per-channel affine map that a model input applies to the values the caller gives it,
/// before they are quantized: `normalized[c] = (x[c] − shifts[c]) · multipliers[c]` along the
/// last axis, in float32 (subtract, then multiply: no step a compiler could fuse into an FMA).
/// It lets a model whose leading Normalization would flatten raw features into one int8
/// scale keep one scale per feature instead.
public struct InputNormalization: Sendable, Hashable {
    public var shifts: [Float]
    public var multipliers: [Float]

    public init(shifts: [Float], multipliers: [Float]) {
        self.shifts = shifts
        self.multipliers = multipliers
    }

    public var channels: Int { multipliers.count }

    /// `values` (channels on the last, fastest axis) normalized.
    public func apply(_ values: [Float]) -> [Float] {
        guard channels > 0 else { return values }
        return values.enumerated().map { i, x in
            let c = i % channels
            let centered = x - shifts[c]
            return centered * multipliers[c]
        }
    }
}
