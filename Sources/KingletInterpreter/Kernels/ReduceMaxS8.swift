import KingletFormat

/// REDUCE_MAX, int8, as TFLite's reference_ops::ReduceGeneric with `max`: each output is the
/// largest of its inputs. Input and output share scale and zero point (the lowering requires
/// it, as TFLite Micro does), so nothing is rescaled. Twin of kgl_reduce_max_s8.
enum ReduceMaxS8: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = try op.input(0, in: model, type: .int8)
        let output = try op.output(0, in: model, type: .int8)
        try Reduction.checkShapes(op, input: input, output: output, mask: op.option(ReduceMaxOptions.axisMask))
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let input = memory.tensor(op.inputs[0])
        let output = memory.tensor(op.outputs[0])
        let x = memory.int8(op.inputs[0])
        let (kept, reduced) = Reduction.odometers(input.shape, mask: op.option(ReduceMaxOptions.axisMask))
        var y = [Int8](repeating: 0, count: output.elementCount)
        x.withUnsafeBufferPointer { x in
            var k = 0
            kept.forEach { base in
                var largest = Int8.min
                reduced.forEach { at in largest = max(largest, x[base + at]) }
                y[k] = largest
                k += 1
            }
        }
        memory.write(int8: y, to: op.outputs[0])
    }
}
