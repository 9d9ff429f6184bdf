import Foundation
import KingletTestSupport

/// Reproducible calibration data: SeededGenerator bits turned into uniforms and (Box–Muller)
/// normals by explicit arithmetic, so the samples do not depend on the standard library's
/// random algorithms.
struct SeededSamples {
    private var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(generator.next() >> 11) * 0x1p-53
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
