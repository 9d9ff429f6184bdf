import KingletFormat

/// DEPTHWISE_CONV_2D, 16x8 (int16 activations, int8 weights, int64 bias): TFLite Micro's
/// reference_integer_ops::DepthwiseConvPerChannel for int16 input. Twin of
/// kgl_depthwise_conv2d_s16.
///
/// Output channel c reads input channel c / depthMultiplier: acc = Σ w[ky][kx][c] · x over the
/// window's in-image taps + bias[c] in Int64; then clamp(MBQM64(acc, multipliers[c],
/// shifts[c])). The checks are DepthwiseConv2DS8's with Conv2DS16's types and ranges.
enum DepthwiseConv2DS16: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = try op.input(0, in: model, type: .int16, rank: 4)
        let weights = try op.input(1, in: model, type: .int8, rank: 4)
        let bias = try op.input(2, in: model, type: .int64, rank: 1)
        let output = try op.output(0, in: model, type: .int16, rank: 4)
        try ChannelCheck.requirePositiveDimensions(op, [input, weights, bias, output])
        let multiplier = op.option(DepthwiseConv2DOptions.depthMultiplier)
        try op.require(multiplier >= 1, "depth multiplier \(multiplier) is below 1")
        let outDepth = weights.shape[3]
        try op.require(weights.shape[0] == 1, "weights have shape \(weights.shape), expected [1, kh, kw, channels]")
        try op.require(output.shape[0] == input.shape[0] && output.shape[3] == outDepth,
                       "output shape \(output.shape) does not match input \(input.shape) and weights \(weights.shape)")
        try op.require(bias.shape[0] == outDepth, "bias has shape \(bias.shape), expected [\(outDepth)]")
        try op.require(input.shape[3] * Int(multiplier) == outDepth,
                       "input depth \(input.shape[3]) × depth multiplier \(multiplier) is not \(outDepth)")
        try op.require(weights.zeroPoint == 0, "weights zero point is \(weights.zeroPoint), expected 0")
        try ChannelCheck.requireWindow(
            op, output: output.shape[1], stride: op.option(DepthwiseConv2DOptions.strideH),
            dilation: op.option(DepthwiseConv2DOptions.dilationH), pad: op.option(DepthwiseConv2DOptions.padTop),
            filter: weights.shape[1], axis: "height")
        try ChannelCheck.requireWindow(
            op, output: output.shape[2], stride: op.option(DepthwiseConv2DOptions.strideW),
            dilation: op.option(DepthwiseConv2DOptions.dilationW), pad: op.option(DepthwiseConv2DOptions.padLeft),
            filter: weights.shape[2], axis: "width")
        try ChannelCheck.requireRowsInPlace(
            op, input: input, output: output, filter: weights.shape[1],
            stride: op.option(DepthwiseConv2DOptions.strideH), dilation: op.option(DepthwiseConv2DOptions.dilationH),
            padTop: op.option(DepthwiseConv2DOptions.padTop), inPlace: false)
        try ChannelCheck.requireRequantizationS16(
            op, in: model, inputOffset: op.option(DepthwiseConv2DOptions.inputOffset),
            outputOffset: op.option(DepthwiseConv2DOptions.outputOffset),
            activationMin: op.option(DepthwiseConv2DOptions.activationMin),
            activationMax: op.option(DepthwiseConv2DOptions.activationMax),
            multipliers: op.option(DepthwiseConv2DOptions.multipliers),
            shifts: op.option(DepthwiseConv2DOptions.shifts), count: outDepth)
        try op.require(op.option(DepthwiseConv2DOptions.foldedBias) == 0, "has a folded bias; 16x8 operators have none (their offsets are 0)")
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let input = memory.tensor(op.inputs[0])
        let weightsTensor = memory.tensor(op.inputs[1])
        let outputTensor = memory.tensor(op.outputs[0])
        let batches = input.shape[0], inH = input.shape[1], inW = input.shape[2], inDepth = input.shape[3]
        let outH = outputTensor.shape[1], outW = outputTensor.shape[2], outDepth = outputTensor.shape[3]
        let kH = weightsTensor.shape[1], kW = weightsTensor.shape[2]
        let multiplier = Int(op.option(DepthwiseConv2DOptions.depthMultiplier))
        let strideH = Int(op.option(DepthwiseConv2DOptions.strideH))
        let strideW = Int(op.option(DepthwiseConv2DOptions.strideW))
        let dilationH = Int(op.option(DepthwiseConv2DOptions.dilationH))
        let dilationW = Int(op.option(DepthwiseConv2DOptions.dilationW))
        let padTop = Int(op.option(DepthwiseConv2DOptions.padTop))
        let padLeft = Int(op.option(DepthwiseConv2DOptions.padLeft))
        let requantizer = ChannelRequantizerS16(
            multipliers: memory.int32Array(at: op.option(DepthwiseConv2DOptions.multipliers), count: outDepth),
            shifts: memory.int32Array(at: op.option(DepthwiseConv2DOptions.shifts), count: outDepth),
            bias: memory.int64(op.inputs[2]),
            min: op.option(DepthwiseConv2DOptions.activationMin),
            max: op.option(DepthwiseConv2DOptions.activationMax))

        // Taps outer, channels inner, over one accumulator row per output position, as
        // DepthwiseConv2DS8 (wrapping addition does not depend on order).
        let x = memory.int16(op.inputs[0])
        var y = [Int16](repeating: 0, count: outputTensor.elementCount)
        if let sparse = SparseRows(memory, op.inputs[1]) {
            // Row c holds channel c's kH·kW taps, position = tap; it reads input channel c / multiplier.
            let window = SparseRows.Window(
                batches: batches, inH: inH, inW: inW, inDepth: inDepth, outH: outH, outW: outW, outDepth: outDepth,
                kW: kW, strideH: strideH, strideW: strideW, dilationH: dilationH, dilationW: dilationW,
                padTop: padTop, padLeft: padLeft)
            let sums = sparse.windowSums(x.map(Int64.init), window, tap: { $0 }, inputChannel: { c, _ in c / multiplier })
            for (i, sum) in sums.enumerated() { y[i] = requantizer.output(sum, channel: i % outDepth) }
            memory.write(int16: y, to: op.outputs[0])
            return
        }
        var row = [Int64](repeating: 0, count: outDepth)
        x.withUnsafeBufferPointer { xBuffer in
            memory.withInt8(op.inputs[1]) { wBase in
                y.withUnsafeMutableBufferPointer { yBuffer in
                    row.withUnsafeMutableBufferPointer { rowBuffer in
                        let xBase = xBuffer.baseAddress!, yBase = yBuffer.baseAddress!, acc = rowBuffer.baseAddress!
                        var outIndex = 0
                        for b in 0..<batches {
                            let xBatch = xBase + b * inH * inW * inDepth
                            for oy in 0..<outH {
                                let y0 = oy * strideH - padTop
                                for ox in 0..<outW {
                                    let x0 = ox * strideW - padLeft
                                    acc.update(repeating: 0, count: outDepth)
                                    for ky in 0..<kH {
                                        let iy = y0 + ky * dilationH
                                        if iy < 0 || iy >= inH { continue }
                                        for kx in 0..<kW {
                                            let ix = x0 + kx * dilationW
                                            if ix < 0 || ix >= inW { continue }
                                            let xp = xBatch + (iy * inW + ix) * inDepth
                                            let wp = wBase + (ky * kW + kx) * outDepth
                                            for c in 0..<outDepth {
                                                acc[c] &+= Int64(Int32(wp[c]) &* Int32(xp[c / multiplier]))
                                            }
                                        }
                                    }
                                    for c in 0..<outDepth {
                                        yBase[outIndex] = requantizer.output(acc[c], channel: c)
                                        outIndex += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        memory.write(int16: y, to: op.outputs[0])
    }
}
