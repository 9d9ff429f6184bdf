/// A read pointer handed to the tasks of `SampleParallelism`, which the caller keeps valid
/// for the whole parallel region; tasks that write through it write disjoint ranges.
struct UnsafeSendablePointer: @unchecked Sendable {
    let pointer: UnsafePointer<Float>

    init(_ pointer: UnsafePointer<Float>) { self.pointer = pointer }
}
