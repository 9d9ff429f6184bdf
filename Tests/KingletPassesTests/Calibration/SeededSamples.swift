import Foundation

/// Reproducible calibration data: SplitMix64 bits turned into uniforms and (Box–Muller)
/// normals by explicit arithmetic, so the samples do not depend on the standard library's
/// random algorithms.
struct SeededSamples {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func nextBits() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(nextBits() >> 11) * 0x1p-53
    }

    mutating func uniform(_ count: Int, in range: ClosedRange<Double>) -> [Float] {
        (0..<count).map { _ in Float(range.lowerBound + unit() * (range.upperBound - range.lowerBound)) }
    }

    /// N(0, 1) samples.
    mutating func normal(_ count: Int) -> [Float] {
        var values: [Float] = []
        values.reserveCapacity(count + 1)
        while values.count < count {
            let u1 = 1 - unit()  // (0, 1]: log stays finite
            let u2 = unit()
            let radius = (-2 * log(u1)).squareRoot()
            values.append(Float(radius * cos(2 * Double.pi * u2)))
            values.append(Float(radius * sin(2 * Double.pi * u2)))
        }
        return Array(values.prefix(count))
    }
}
