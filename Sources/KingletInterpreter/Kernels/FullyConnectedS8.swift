import KingletFormat

/// FULLY_CONNECTED on int8: TFLite Micro's reference_integer_ops::FullyConnectedPerChannel
/// (per-tensor weights arrive as a repeated multiplier, which is FullyConnected's result).
/// Twin of kgl_fully_connected_s8.
///
/// The input is read as rows of `depth` values, rows = output elements / units:
/// acc = Σ_d w[u][d] · (x[row][d] + inputOffset) + bias[u]; then
/// clamp(MBQM(acc, multipliers[u], shifts[u]) + outputOffset).
enum FullyConnectedS8: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = try op.input(0, in: model, type: .int8)
        let weights = try op.input(1, in: model, type: .int8, rank: 2)
        let bias = try op.input(2, in: model, type: .int32, rank: 1)
        let output = try op.output(0, in: model, type: .int8)
        try op.require(!input.shape.isEmpty && !output.shape.isEmpty, "input and output must have rank ≥ 1")
        try ChannelCheck.requirePositiveDimensions(op, [input, weights, bias, output])
        let units = weights.shape[0], depth = weights.shape[1]
        try op.require(output.shape.last == units, "output shape \(output.shape) does not end in the \(units) units")
        try op.require(bias.shape[0] == units, "bias has shape \(bias.shape), expected [\(units)]")
        let rows = output.elementCount / units
        try op.require(UInt64(rows) * UInt64(depth) == UInt64(input.elementCount),
                       "input shape \(input.shape) does not hold \(rows) rows of the weights' depth \(depth)")
        try op.require(weights.zeroPoint == 0, "weights zero point is \(weights.zeroPoint), expected 0")
        try ChannelCheck.requireRequantizationS8(
            op, in: model, inputOffset: op.option(FullyConnectedOptions.inputOffset),
            outputOffset: op.option(FullyConnectedOptions.outputOffset),
            activationMin: op.option(FullyConnectedOptions.activationMin),
            activationMax: op.option(FullyConnectedOptions.activationMax),
            multipliers: op.option(FullyConnectedOptions.multipliers),
            shifts: op.option(FullyConnectedOptions.shifts), count: units)
        try ChannelCheck.requireFoldedBias(op, in: model, at: op.option(FullyConnectedOptions.foldedBias),
                                           inputOffset: op.option(FullyConnectedOptions.inputOffset))
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let weightsTensor = memory.tensor(op.inputs[1])
        let outputTensor = memory.tensor(op.outputs[0])
        let units = weightsTensor.shape[0], depth = weightsTensor.shape[1]
        let rows = outputTensor.elementCount / units
        let inputOffset = op.option(FullyConnectedOptions.inputOffset)
        let requantizer = ChannelRequantizerS8(
            multipliers: memory.int32Array(at: op.option(FullyConnectedOptions.multipliers), count: units),
            shifts: memory.int32Array(at: op.option(FullyConnectedOptions.shifts), count: units),
            bias: memory.int32(op.inputs[2]),
            outputOffset: op.option(FullyConnectedOptions.outputOffset),
            min: op.option(FullyConnectedOptions.activationMin),
            max: op.option(FullyConnectedOptions.activationMax))

        var y = [UInt8](repeating: 0, count: outputTensor.elementCount)
        if let sparse = SparseRows(memory, op.inputs[1]) {
            let x = memory.int8(op.inputs[0]).map { Int64($0) + Int64(inputOffset) }
            for (i, sum) in sparse.rowSums(x, rows: rows, depth: depth).enumerated() {
                y[i] = requantizer.output(Int32(truncatingIfNeeded: sum), channel: i % units)
            }
            memory.write(y, to: op.outputs[0])
            return
        }
        memory.withInt8(op.inputs[0]) { xBase in
            memory.withInt8(op.inputs[1]) { wBase in
                y.withUnsafeMutableBufferPointer { yBuffer in
                    let yBase = yBuffer.baseAddress!
                    for r in 0..<rows {
                        for u in 0..<units {
                            let acc = DotProduct.s8(xBase + r * depth, wBase + u * depth, depth, inputOffset, 0)
                            yBase[r * units + u] = requantizer.output(acc, channel: u)
                        }
                    }
                }
            }
        }
        memory.write(y, to: op.outputs[0])
    }
}
