import KingletFormat

/// CONV_2D, 16x8 (int16 activations, int8 weights, int64 bias): TFLite Micro's
/// reference_integer_ops::ConvPerChannel for int16 input with an int64 accumulator. Twin of
/// kgl_conv2d_s16.
///
/// Per output position and channel c: acc = Σ w · x over the window's in-image taps + bias[c]
/// in Int64; then clamp(MBQM64(acc, multipliers[c], shifts[c])) with the Q15-reduced
/// multiplier of `multiplyByQuantizedMultiplier(_: Int64, …)`. Activations are symmetric, so
/// the offsets must be 0 (TFLite Micro's int16 kernel ignores zero points). Sums wrap.
enum Conv2DS16: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = try op.input(0, in: model, type: .int16, rank: 4)
        let weights = try op.input(1, in: model, type: .int8, rank: 4)
        let bias = try op.input(2, in: model, type: .int64, rank: 1)
        let output = try op.output(0, in: model, type: .int16, rank: 4)
        try ChannelCheck.requirePositiveDimensions(op, [input, weights, bias, output])
        let inDepth = input.shape[3], outDepth = weights.shape[0], groupDepth = weights.shape[3]
        try op.require(output.shape[0] == input.shape[0] && output.shape[3] == outDepth,
                       "output shape \(output.shape) does not match input \(input.shape) and weights \(weights.shape)")
        try op.require(bias.shape[0] == outDepth, "bias has shape \(bias.shape), expected [\(outDepth)]")
        try op.require(inDepth % groupDepth == 0 && outDepth % (inDepth / groupDepth) == 0,
                       "weights depth \(groupDepth) does not divide input depth \(inDepth) into groups of the \(outDepth) output channels")
        try op.require(weights.zeroPoint == 0, "weights zero point is \(weights.zeroPoint), expected 0")
        try ChannelCheck.requireWindow(op, output: output.shape[1], stride: op.option(Conv2DOptions.strideH),
                                   dilation: op.option(Conv2DOptions.dilationH), pad: op.option(Conv2DOptions.padTop),
                                   filter: weights.shape[1], axis: "height")
        try ChannelCheck.requireWindow(op, output: output.shape[2], stride: op.option(Conv2DOptions.strideW),
                                   dilation: op.option(Conv2DOptions.dilationW), pad: op.option(Conv2DOptions.padLeft),
                                   filter: weights.shape[2], axis: "width")
        try ChannelCheck.requireRowsInPlace(
            op, input: input, output: output, filter: weights.shape[1],
            stride: op.option(Conv2DOptions.strideH), dilation: op.option(Conv2DOptions.dilationH),
            padTop: op.option(Conv2DOptions.padTop), inPlace: false)
        try ChannelCheck.requireRequantizationS16(
            op, in: model, inputOffset: op.option(Conv2DOptions.inputOffset),
            outputOffset: op.option(Conv2DOptions.outputOffset),
            activationMin: op.option(Conv2DOptions.activationMin),
            activationMax: op.option(Conv2DOptions.activationMax),
            multipliers: op.option(Conv2DOptions.multipliers), shifts: op.option(Conv2DOptions.shifts),
            count: outDepth)
        try op.require(op.option(Conv2DOptions.foldedBias) == 0, "has a folded bias; 16x8 operators have none (their offsets are 0)")
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let input = memory.tensor(op.inputs[0])
        let weightsTensor = memory.tensor(op.inputs[1])
        let outputTensor = memory.tensor(op.outputs[0])
        let batches = input.shape[0], inH = input.shape[1], inW = input.shape[2], inDepth = input.shape[3]
        let outH = outputTensor.shape[1], outW = outputTensor.shape[2], outDepth = outputTensor.shape[3]
        let kH = weightsTensor.shape[1], kW = weightsTensor.shape[2], groupDepth = weightsTensor.shape[3]
        let perGroup = outDepth / (inDepth / groupDepth)
        let strideH = Int(op.option(Conv2DOptions.strideH)), strideW = Int(op.option(Conv2DOptions.strideW))
        let dilationH = Int(op.option(Conv2DOptions.dilationH)), dilationW = Int(op.option(Conv2DOptions.dilationW))
        let padTop = Int(op.option(Conv2DOptions.padTop)), padLeft = Int(op.option(Conv2DOptions.padLeft))
        let requantizer = ChannelRequantizerS16(
            multipliers: memory.int32Array(at: op.option(Conv2DOptions.multipliers), count: outDepth),
            shifts: memory.int32Array(at: op.option(Conv2DOptions.shifts), count: outDepth),
            bias: memory.int64(op.inputs[2]),
            min: op.option(Conv2DOptions.activationMin), max: op.option(Conv2DOptions.activationMax))

        let x = memory.int16(op.inputs[0])
        var y = [Int16](repeating: 0, count: outputTensor.elementCount)
        if let sparse = SparseRows(memory, op.inputs[1]) {
            // A row's position p is tap p / groupDepth and input channel p % groupDepth of the group.
            let window = SparseRows.Window(
                batches: batches, inH: inH, inW: inW, inDepth: inDepth, outH: outH, outW: outW, outDepth: outDepth,
                kW: kW, strideH: strideH, strideW: strideW, dilationH: dilationH, dilationW: dilationW,
                padTop: padTop, padLeft: padLeft)
            let sums = sparse.windowSums(x.map(Int64.init), window, tap: { $0 / groupDepth },
                                         inputChannel: { c, p in (c / perGroup) * groupDepth + p % groupDepth })
            for (i, sum) in sums.enumerated() { y[i] = requantizer.output(sum, channel: i % outDepth) }
            memory.write(int16: y, to: op.outputs[0])
            return
        }
        x.withUnsafeBufferPointer { xBuffer in
            memory.withInt8(op.inputs[1]) { wBase in
                y.withUnsafeMutableBufferPointer { yBuffer in
                    let xBase = xBuffer.baseAddress!, yBase = yBuffer.baseAddress!
                    var outIndex = 0
                    for b in 0..<batches {
                        let xBatch = xBase + b * inH * inW * inDepth
                        for oy in 0..<outH {
                            let y0 = oy * strideH - padTop
                            for ox in 0..<outW {
                                let x0 = ox * strideW - padLeft
                                for oc in 0..<outDepth {
                                    let wChannel = wBase + oc * kH * kW * groupDepth
                                    let groupStart = (oc / perGroup) * groupDepth
                                    var acc: Int64 = 0
                                    for ky in 0..<kH {
                                        let iy = y0 + ky * dilationH
                                        if iy < 0 || iy >= inH { continue }
                                        for kx in 0..<kW {
                                            let ix = x0 + kx * dilationW
                                            if ix < 0 || ix >= inW { continue }
                                            let xp = xBatch + (iy * inW + ix) * inDepth + groupStart
                                            let wp = wChannel + (ky * kW + kx) * groupDepth
                                            acc = DotProduct.s16(xp, wp, groupDepth, acc)
                                        }
                                    }
                                    yBase[outIndex] = requantizer.output(acc, channel: oc)
                                    outIndex += 1
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
