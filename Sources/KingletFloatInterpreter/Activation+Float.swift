import KingletIR

extension Activation {
    /// The fused activation of one value.
    @inline(__always)
    func apply(_ x: Float) -> Float {
        switch self {
        case .none: x
        case .relu: Swift.max(x, 0)
        case .relu6: Swift.min(Swift.max(x, 0), 6)
        case .reluN1To1: Swift.min(Swift.max(x, -1), 1)
        }
    }

    /// Applies the fused activation to every value, in place.
    func apply(to values: inout [Float]) {
        if self == .none { return }
        values.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] = apply(buffer[i]) }
        }
    }
}
