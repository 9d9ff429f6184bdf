extension KglLowering {
    /// RESHAPE and SQUEEZE: a byte copy under the output's (static) shape; the shape operand
    /// is dropped. Input and output must share quantization.
    mutating func lowerReshape(_ context: OperatorContext) throws(FormatError) {
        let input = try context.input(0)
        let output = try context.output(0)
        guard tensor(input).elementCount == tensor(output).elementCount else {
            throw context.error("input shape \(tensor(input).shape) and output shape \(tensor(output).shape) differ in size")
        }
        if let a = tensor(input).quantization, let b = tensor(output).quantization,
           a.scales != b.scales || a.zeroPoints != b.zeroPoints {
            throw context.error("input and output quantization differ; RESHAPE copies bytes")
        }
        try emit(.reshape, context, inputs: [input], outputs: [output], options: [])
    }
}
