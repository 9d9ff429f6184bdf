/// Where each activation tensor lives in the arena, and how big the arena is.
public struct MemoryPlan: Sendable {
    /// Arena byte offset per graph tensor index (activations only).
    public var offsets: [Int: Int]
    public var arenaBytes: Int
    /// Convolution outputs never stored (format 1.6): the ADD that reads them is computed in
    /// the convolution's pass. They have no offset.
    public var fused: Set<Int>

    public init(offsets: [Int: Int] = [:], arenaBytes: Int = 0, fused: Set<Int> = []) {
        self.offsets = offsets
        self.arenaBytes = arenaBytes
        self.fused = fused
    }
}
