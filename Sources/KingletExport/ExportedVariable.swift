/// A layer variable: float32 values in row-major order and the shape Keras gives it.
struct ExportedVariable: Sendable {
    let values: [Float]
    let shape: [Int]
}
