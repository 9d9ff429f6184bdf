import KingletFormat

/// RESHAPE (also SQUEEZE): the bytes unchanged under a new shape. Twin of kgl_reshape_s8.
enum ReshapeS8: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = model.tensors[op.inputs[0]]
        let output = model.tensors[op.outputs[0]]
        try op.require(input.type == output.type, "input is \(input.type), output is \(output.type)")
        try op.require(input.byteCount == output.byteCount,
                       "input shape \(input.shape) and output shape \(output.shape) differ in size")
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        memory.write(Array(memory.bytes(op.inputs[0])), to: op.outputs[0])
    }
}
