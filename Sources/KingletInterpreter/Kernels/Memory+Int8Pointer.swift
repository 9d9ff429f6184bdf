extension Memory {
    /// Calls `body` with a tensor's elements as int8, in place (no copy: a constant's
    /// weights can be megabytes). The tensor must have at least one element.
    @inline(__always)
    func withInt8<R>(_ index: Int, _ body: (UnsafePointer<Int8>) -> R) -> R {
        bytes(index).withUnsafeBufferPointer { raw in
            raw.withMemoryRebound(to: Int8.self) { body($0.baseAddress!) }
        }
    }
}
