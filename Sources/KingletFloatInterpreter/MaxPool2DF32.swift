import KingletIR

/// MAX_POOL_2D in float32: the maximum of each window's in-image cells (padding cells are
/// ignored, as TensorFlow's SAME pooling), then the fused activation.
struct MaxPool2DF32: FloatKernel {
    let geometry: Pool2DGeometry
    let activation: Activation

    init(_ check: FloatOperatorCheck, _ attributes: Pool2DAttributes) throws(FloatInterpreterError) {
        geometry = try Pool2DGeometry(check, attributes)
        activation = attributes.activation
    }

    func run(_ operands: [[Float]]) -> [Float] {
        let depth = geometry.depth
        var output = [Float](repeating: 0, count: geometry.outputCount)
        operands[0].withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                geometry.forEachWindow { n, rows, columns, offset in
                    for c in 0..<depth { y[n + c] = -.infinity }
                    for iy in rows {
                        for ix in columns {
                            let xp = offset(iy, ix)
                            for c in 0..<depth { y[n + c] = Swift.max(y[n + c], x[xp + c]) }
                        }
                    }
                    for c in 0..<depth { y[n + c] = activation.apply(y[n + c]) }
                }
            }
        }
        return output
    }
}
