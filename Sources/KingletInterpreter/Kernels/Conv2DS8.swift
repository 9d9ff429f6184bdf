import KingletFormat

/// CONV_2D on int8: TFLite Micro's reference_integer_ops::ConvPerChannel, with grouped
/// convolution when the weights' depth divides the input depth. Twin of kgl_conv2d_s8.
///
/// Per output position and channel c: acc = Σ w · (x + inputOffset) over the window's
/// in-image taps (taps outside the input contribute nothing) + bias[c]; then
/// clamp(MBQM(acc, multipliers[c], shifts[c]) + outputOffset). Sums wrap like an int32
/// accumulator.
enum Conv2DS8: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = try op.input(0, in: model, type: .int8, rank: 4)
        let weights = try op.input(1, in: model, type: .int8, rank: 4)
        let bias = try op.input(2, in: model, type: .int32, rank: 1)
        let output = try op.output(0, in: model, type: .int8, rank: 4)
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
            padTop: op.option(Conv2DOptions.padTop), inPlace: true)
        try ChannelCheck.requireRequantizationS8(
            op, in: model, inputOffset: op.option(Conv2DOptions.inputOffset),
            outputOffset: op.option(Conv2DOptions.outputOffset),
            activationMin: op.option(Conv2DOptions.activationMin),
            activationMax: op.option(Conv2DOptions.activationMax),
            multipliers: op.option(Conv2DOptions.multipliers), shifts: op.option(Conv2DOptions.shifts),
            count: outDepth)
        try ChannelCheck.requireFoldedBias(op, in: model, at: op.option(Conv2DOptions.foldedBias),
                                           inputOffset: op.option(Conv2DOptions.inputOffset))
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
        let inputOffset = op.option(Conv2DOptions.inputOffset)
        let requantizer = ChannelRequantizerS8(
            multipliers: memory.int32Array(at: op.option(Conv2DOptions.multipliers), count: outDepth),
            shifts: memory.int32Array(at: op.option(Conv2DOptions.shifts), count: outDepth),
            bias: memory.int32(op.inputs[2]), outputOffset: op.option(Conv2DOptions.outputOffset),
            min: op.option(Conv2DOptions.activationMin), max: op.option(Conv2DOptions.activationMax))

        var y = [UInt8](repeating: 0, count: outputTensor.elementCount)
        if let sparse = SparseRows(memory, op.inputs[1]) {
            // A row's position p is tap p / groupDepth and input channel p % groupDepth of the group.
            let window = SparseRows.Window(
                batches: batches, inH: inH, inW: inW, inDepth: inDepth, outH: outH, outW: outW, outDepth: outDepth,
                kW: kW, strideH: strideH, strideW: strideW, dilationH: dilationH, dilationW: dilationW,
                padTop: padTop, padLeft: padLeft)
            let x = memory.int8(op.inputs[0]).map { Int64($0) + Int64(inputOffset) }
            let sums = sparse.windowSums(x, window, tap: { $0 / groupDepth },
                                         inputChannel: { c, p in (c / perGroup) * groupDepth + p % groupDepth })
            for (i, sum) in sums.enumerated() {
                y[i] = requantizer.output(Int32(truncatingIfNeeded: sum), channel: i % outDepth)
            }
            memory.write(y, to: op.outputs[0])
            return
        }
        memory.withInt8(op.inputs[0]) { xBase in
            memory.withInt8(op.inputs[1]) { wBase in
                y.withUnsafeMutableBufferPointer { yBuffer in
                    let yBase = yBuffer.baseAddress!
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
                                    var acc: Int32 = 0
                                    for ky in 0..<kH {
                                        let iy = y0 + ky * dilationH
                                        if iy < 0 || iy >= inH { continue }
                                        for kx in 0..<kW {
                                            let ix = x0 + kx * dilationW
                                            if ix < 0 || ix >= inW { continue }
                                            let xp = xBatch + (iy * inW + ix) * inDepth + groupStart
                                            let wp = wChannel + (ky * kW + kx) * groupDepth
                                            acc = DotProduct.s8(xp, wp, groupDepth, inputOffset, acc)
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
        memory.write(y, to: op.outputs[0])
    }
}
