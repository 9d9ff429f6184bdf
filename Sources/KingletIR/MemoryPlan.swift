/// Where each activation tensor lives in the arena, and how big the arena is.
public struct MemoryPlan: Sendable {
    /// Arena byte offset per graph tensor index (activations only).
    public var offsets: [Int: Int]
    public var arenaBytes: Int

    public init(offsets: [Int: Int] = [:], arenaBytes: Int = 0) {
        self.offsets = offsets
        self.arenaBytes = arenaBytes
    }
}
