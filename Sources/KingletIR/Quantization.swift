/// Affine quantization, real = scale · (q − zeroPoint): one scale per tensor, or one per
/// index of `axis` (per-channel weights).
public struct Quantization: Sendable, Hashable {
    public var scales: [Float]
    public var zeroPoints: [Int]
    /// The channel axis when there are several scales.
    public var axis: Int

    public init(scales: [Float], zeroPoints: [Int], axis: Int = 0) {
        self.scales = scales
        self.zeroPoints = zeroPoints
        self.axis = axis
    }

    public init(scale: Float, zeroPoint: Int) {
        self.init(scales: [scale], zeroPoints: [zeroPoint])
    }

    public var isPerChannel: Bool { scales.count > 1 }
    public var scale: Float { scales[0] }
    public var zeroPoint: Int { zeroPoints[0] }
}
