import KingletIR

/// SeededGenerator: the project's seeded generator (`SeededRandom`) with helpers for random
/// test tensors, so randomized tests repeat exactly.
/// `var rng = SeededGenerator(seed: 42); let x = Int8.random(in: -128...127, using: &rng)`.
public struct SeededGenerator: RandomNumberGenerator {
    private var random: SeededRandom

    public init(seed: UInt64) { random = SeededRandom(seed: seed) }

    public mutating func next() -> UInt64 { random.next() }

    /// `count` random int8 values as bytes, in `range`.
    public mutating func int8Bytes(_ count: Int, in range: ClosedRange<Int8> = -128...127) -> [UInt8] {
        (0..<count).map { _ in UInt8(bitPattern: Int8.random(in: range, using: &self)) }
    }

    /// `count` random int32 values in `range`, as little-endian bytes (e.g. a bias constant).
    public mutating func int32Bytes(_ count: Int, in range: ClosedRange<Int32>) -> [UInt8] {
        (0..<count).flatMap { _ -> [UInt8] in
            let bits = UInt32(bitPattern: Int32.random(in: range, using: &self))
            return (0..<4).map { UInt8(truncatingIfNeeded: bits >> (8 * UInt32($0))) }
        }
    }
}
