import KingletFormat

/// CONCATENATION, as TFLite's reference_ops::Concatenation: for each index of the axes
/// before `axis`, each input's block along and after `axis` in turn. Bytes are copied
/// unchanged, so any element type works. Twin of kgl_concatenation_s8.
enum ConcatenationS8: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let output = model.tensors[op.outputs[0]]
        let rank = output.shape.count
        try op.require(rank >= 1, "output \(output.label) has rank 0")
        let axis = Int(op.option(ConcatenationOptions.axis))
        try op.require(axis >= 0 && axis < rank, "axis \(axis) is outside [0, \(rank))")
        var total = 0
        for i in op.inputs.indices {
            let input = try op.input(i, in: model, type: output.type, rank: rank)
            for d in 0..<rank where d != axis {
                try op.require(input.shape[d] == output.shape[d],
                               "input \(i) shape \(input.shape) does not fit output \(output.shape) along axis \(d)")
            }
            total += input.shape[axis]
        }
        try op.require(total == output.shape[axis],
                       "inputs add up to \(total) along axis \(axis), the output has \(output.shape[axis])")
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let output = memory.tensor(op.outputs[0])
        let axis = Int(op.option(ConcatenationOptions.axis))
        let outer = output.shape[..<axis].reduce(1, *)
        // Bytes per index of the axis: the element size times the axes after it.
        let inner = (output.type.byteCount ?? 1) * output.shape[(axis + 1)...].reduce(1, *)
        let blocks = op.inputs.map { (bytes: Array(memory.bytes($0)), size: memory.tensor($0).shape[axis] * inner) }
        var y: [UInt8] = []
        y.reserveCapacity(output.byteCount)
        for k in 0..<outer {
            for block in blocks {
                y.append(contentsOf: block.bytes[(k * block.size)..<((k + 1) * block.size)])
            }
        }
        memory.write(y, to: op.outputs[0])
    }
}
