import KingletFormat

/// FULLY_CONNECTED, 16x8 (int16 activations, int8 weights, int64 bias): TFLite Micro's
/// reference_integer_ops::FullyConnectedPerChannel / FullyConnected for int16 input with an
/// int64 accumulator (per-tensor weights arrive as a repeated multiplier). Twin of
/// kgl_fully_connected_s16.
///
/// The input is read as rows of `depth` values, rows = output elements / units:
/// acc = Σ_d w[u][d] · x[row][d] + bias[u] in Int64; then clamp(MBQM64(acc, multipliers[u],
/// shifts[u])).
enum FullyConnectedS16: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = try op.input(0, in: model, type: .int16)
        let weights = try op.input(1, in: model, type: .int8, rank: 2)
        let bias = try op.input(2, in: model, type: .int64, rank: 1)
        let output = try op.output(0, in: model, type: .int16)
        try op.require(!input.shape.isEmpty && !output.shape.isEmpty, "input and output must have rank ≥ 1")
        try ChannelCheck.requirePositiveDimensions(op, [input, weights, bias, output])
        let units = weights.shape[0], depth = weights.shape[1]
        try op.require(output.shape.last == units, "output shape \(output.shape) does not end in the \(units) units")
        try op.require(bias.shape[0] == units, "bias has shape \(bias.shape), expected [\(units)]")
        let rows = output.elementCount / units
        try op.require(UInt64(rows) * UInt64(depth) == UInt64(input.elementCount),
                       "input shape \(input.shape) does not hold \(rows) rows of the weights' depth \(depth)")
        try op.require(weights.zeroPoint == 0, "weights zero point is \(weights.zeroPoint), expected 0")
        try ChannelCheck.requireRequantizationS16(
            op, in: model, inputOffset: op.option(FullyConnectedOptions.inputOffset),
            outputOffset: op.option(FullyConnectedOptions.outputOffset),
            activationMin: op.option(FullyConnectedOptions.activationMin),
            activationMax: op.option(FullyConnectedOptions.activationMax),
            multipliers: op.option(FullyConnectedOptions.multipliers),
            shifts: op.option(FullyConnectedOptions.shifts), count: units)
        try op.require(op.option(FullyConnectedOptions.foldedBias) == 0, "has a folded bias; 16x8 operators have none (their offsets are 0)")
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let weightsTensor = memory.tensor(op.inputs[1])
        let outputTensor = memory.tensor(op.outputs[0])
        let units = weightsTensor.shape[0], depth = weightsTensor.shape[1]
        let rows = outputTensor.elementCount / units
        let requantizer = ChannelRequantizerS16(
            multipliers: memory.int32Array(at: op.option(FullyConnectedOptions.multipliers), count: units),
            shifts: memory.int32Array(at: op.option(FullyConnectedOptions.shifts), count: units),
            bias: memory.int64(op.inputs[2]),
            min: op.option(FullyConnectedOptions.activationMin),
            max: op.option(FullyConnectedOptions.activationMax))

        let x = memory.int16(op.inputs[0])
        var y = [Int16](repeating: 0, count: outputTensor.elementCount)
        if let sparse = SparseRows(memory, op.inputs[1]) {
            for (i, sum) in sparse.rowSums(x.map(Int64.init), rows: rows, depth: depth).enumerated() {
                y[i] = requantizer.output(sum, channel: i % units)
            }
            memory.write(int16: y, to: op.outputs[0])
            return
        }
        x.withUnsafeBufferPointer { xBuffer in
            memory.withInt8(op.inputs[1]) { wBase in
                y.withUnsafeMutableBufferPointer { yBuffer in
                    let xBase = xBuffer.baseAddress!, yBase = yBuffer.baseAddress!
                    for r in 0..<rows {
                        for u in 0..<units {
                            let acc = DotProduct.s16(xBase + r * depth, wBase + u * depth, depth, 0)
                            yBase[r * units + u] = requantizer.output(acc, channel: u)
                        }
                    }
                }
            }
        }
        memory.write(int16: y, to: op.outputs[0])
    }
}
