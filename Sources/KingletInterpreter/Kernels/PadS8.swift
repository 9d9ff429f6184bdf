import KingletFormat

/// PAD (and PADV2), int8, as TFLite's reference_ops::PadImpl: the shape left-padded with 1s
/// to 5-D; output elements inside the padding get the pad value, the others take the
/// input's elements in order. Twin of kgl_pad_s8.
enum PadS8: Kernel {
    static let rank = 5
    static let before: [PadOptions] = [.before0, .before1, .before2, .before3, .before4]
    static let after: [PadOptions] = [.after0, .after1, .after2, .after3, .after4]

    /// The shape left-padded with 1s to 5-D.
    static func extended(_ shape: [Int]) -> [Int] {
        [Int](repeating: 1, count: rank - shape.count) + shape
    }

    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = try op.input(0, in: model, type: .int8)
        let output = try op.output(0, in: model, type: .int8)
        try op.require(input.shape.count <= rank && output.shape.count == input.shape.count,
                       "input \(input.shape) and output \(output.shape) must have the same rank, at most \(rank)")
        let inDims = extended(input.shape)
        let outDims = extended(output.shape)
        for k in 0..<rank {
            let b = Int(op.option(before[k]))
            let a = Int(op.option(after[k]))
            try op.require(b >= 0 && a >= 0 && inDims[k] + b + a == outDims[k],
                           "axis \(k) of the 5-D shape: input \(inDims[k]) padded by (\(b), \(a)) does not give output \(outDims[k])")
        }
        let value = op.option(PadOptions.padValue)
        try op.require((-128...127).contains(value), "pad value \(value) is not an int8")
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let output = memory.tensor(op.outputs[0])
        let x = memory.int8(op.inputs[0])
        let dims = extended(output.shape)
        let lead = before.map { Int(op.option($0)) }
        let trail = after.map { Int(op.option($0)) }
        let pad = Int8(op.option(PadOptions.padValue))
        var y = [Int8](repeating: pad, count: output.elementCount)
        let row = dims[4] - lead[4] - trail[4]
        var from = 0
        var to = 0
        for i0 in 0..<dims[0] {
            let pad0 = i0 < lead[0] || i0 >= dims[0] - trail[0]
            for i1 in 0..<dims[1] {
                let pad1 = pad0 || i1 < lead[1] || i1 >= dims[1] - trail[1]
                for i2 in 0..<dims[2] {
                    let pad2 = pad1 || i2 < lead[2] || i2 >= dims[2] - trail[2]
                    for i3 in 0..<dims[3] {
                        if pad2 || i3 < lead[3] || i3 >= dims[3] - trail[3] {
                            to += dims[4]
                            continue
                        }
                        to += lead[4]
                        for k in 0..<row { y[to + k] = x[from + k] }
                        to += row + trail[4]
                        from += row
                    }
                }
            }
        }
        memory.write(int8: y, to: op.outputs[0])
    }
}
