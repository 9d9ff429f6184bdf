/// SeededGenerator: a tiny deterministic random generator, so randomized tests repeat exactly.
/// `var rng = SeededGenerator(seed: 42); let x = Int8.random(in: -128...127, using: &rng)`.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

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
