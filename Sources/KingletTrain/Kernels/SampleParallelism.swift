import Dispatch

/// Runs per-sample work of a batch on every core: the samples split into contiguous chunks,
/// one task each. Tasks must write disjoint memory (each its own samples' rows).
enum SampleParallelism {
    /// Below this many elements touched a batch runs on the calling thread: handing work to
    /// another thread costs about as much.
    static let minimumWork = 1 << 16
    static let maximumTasks = 8

    /// The chunks of samples a batch splits into: one when `work` (elements the whole batch
    /// touches) is small. Depends only on the batch and the work, never on the machine, so
    /// results combined per chunk are the same everywhere.
    static func chunks(batch: Int, work: Int) -> [Range<Int>] {
        let tasks = Swift.min(batch, maximumTasks, Swift.max(1, work / minimumWork))
        guard tasks > 1 else { return [0..<batch] }
        let per = (batch + tasks - 1) / tasks
        return stride(from: 0, to: batch, by: per).map { $0..<Swift.min(batch, $0 + per) }
    }

    /// Calls `body(chunkIndex, samples)` for every chunk, concurrently when there are several.
    static func forEach(_ chunks: [Range<Int>], _ body: @Sendable (Int, Range<Int>) -> Void) {
        guard chunks.count > 1 else {
            if let only = chunks.first { body(0, only) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks.count) { t in body(t, chunks[t]) }
    }

    /// Calls `body(samples)` for chunks covering 0..<batch, concurrently when `work` is large
    /// enough.
    static func forEachChunk(batch: Int, work: Int, _ body: @Sendable (Range<Int>) -> Void) {
        forEach(chunks(batch: batch, work: work)) { _, samples in body(samples) }
    }
}
