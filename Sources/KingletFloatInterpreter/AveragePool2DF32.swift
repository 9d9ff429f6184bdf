import KingletIR

/// AVERAGE_POOL_2D in float32: the mean of each window's in-image cells (padding cells are
/// not counted, as TensorFlow's SAME pooling), then the fused activation.
struct AveragePool2DF32: FloatKernel {
    let geometry: Pool2DGeometry
    let activation: Activation

    init(_ check: FloatOperatorCheck, _ attributes: Pool2DAttributes) throws(FloatInterpreterError) {
        geometry = try Pool2DGeometry(check, attributes)
        activation = attributes.activation
    }

    func run(_ operands: [[Float]]) -> [Float] {
        let depth = geometry.depth
        var output = [Float](repeating: 0, count: geometry.outputCount)
        var sums = [Double](repeating: 0, count: depth)
        operands[0].withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                geometry.forEachWindow { n, rows, columns, offset in
                    for c in 0..<depth { sums[c] = 0 }
                    for iy in rows {
                        for ix in columns {
                            let xp = offset(iy, ix)
                            for c in 0..<depth { sums[c] += Double(x[xp + c]) }
                        }
                    }
                    let cells = Double(rows.count * columns.count)
                    for c in 0..<depth {
                        y[n + c] = activation.apply(cells > 0 ? Float(sums[c] / cells) : 0)
                    }
                }
            }
        }
        return output
    }
}
