import Dispatch

/// Runs per-sample work of a batch on every core: the samples split into contiguous chunks,
/// one task each. Tasks must write disjoint memory (each its own samples' rows).
enum SampleParallelism {
    /// Below this many elements touched a batch runs on the calling thread: handing work to
    /// another thread costs about as much.
    static let minimumWork = 1 << 16
    static let maximumTasks = 8

    /// Calls `body(samples)` for chunks covering 0..<batch, concurrently when `work` (elements
    /// the whole batch touches) is large enough.
    static func forEachChunk(batch: Int, work: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let tasks = Swift.min(batch, maximumTasks, Swift.max(1, work / minimumWork))
        guard tasks > 1 else {
            body(0..<batch)
            return
        }
        let per = (batch + tasks - 1) / tasks
        DispatchQueue.concurrentPerform(iterations: tasks) { t in
            let start = t * per
            if start < batch { body(start..<Swift.min(batch, start + per)) }
        }
    }
}
