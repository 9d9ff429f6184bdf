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
        try requirePositiveDimensions(op, [input, weights, bias, output])
        let inDepth = input.shape[3], outDepth = weights.shape[0], groupDepth = weights.shape[3]
        try op.require(output.shape[0] == input.shape[0] && output.shape[3] == outDepth,
                       "output shape \(output.shape) does not match input \(input.shape) and weights \(weights.shape)")
        try op.require(bias.shape[0] == outDepth, "bias has shape \(bias.shape), expected [\(outDepth)]")
        try op.require(inDepth % groupDepth == 0 && outDepth % (inDepth / groupDepth) == 0,
                       "weights depth \(groupDepth) does not divide input depth \(inDepth) into groups of the \(outDepth) output channels")
        try op.require(weights.zeroPoint == 0, "weights zero point is \(weights.zeroPoint), expected 0")
        try requireWindow(op, output: output.shape[1], stride: op.option(Conv2DOptions.strideH),
                          dilation: op.option(Conv2DOptions.dilationH), pad: op.option(Conv2DOptions.padTop),
                          filter: weights.shape[1], axis: "height")
        try requireWindow(op, output: output.shape[2], stride: op.option(Conv2DOptions.strideW),
                          dilation: op.option(Conv2DOptions.dilationW), pad: op.option(Conv2DOptions.padLeft),
                          filter: weights.shape[2], axis: "width")
        try requireRequantization(
            op, in: model, inputOffset: op.option(Conv2DOptions.inputOffset),
            outputOffset: op.option(Conv2DOptions.outputOffset),
            activationMin: op.option(Conv2DOptions.activationMin),
            activationMax: op.option(Conv2DOptions.activationMax),
            multipliers: op.option(Conv2DOptions.multipliers), shifts: op.option(Conv2DOptions.shifts),
            count: outDepth)
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
        let requantizer = Requantizer(
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
        withInt8(memory, op.inputs[0]) { xBase in
            withInt8(memory, op.inputs[1]) { wBase in
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
                                            acc = dot(xp, wp, groupDepth, inputOffset, acc)
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

    // MARK: - Shared with DepthwiseConv2DS8 and FullyConnectedS8 (same rules as the C twins)

    /// Calls `body` with a tensor's elements as int8, in place (no copy: a constant's
    /// weights can be megabytes). The tensor must have at least one element.
    @inline(__always)
    static func withInt8<R>(_ memory: Memory, _ index: Int, _ body: (UnsafePointer<Int8>) -> R) -> R {
        memory.bytes(index).withUnsafeBufferPointer { raw in
            raw.withMemoryRebound(to: Int8.self) { body($0.baseAddress!) }
        }
    }

    /// acc + Σ_{i < count} w[i] · (x[i] + inputOffset), wrapping like an int32 accumulator.
    @inline(__always)
    static func dot(_ x: UnsafePointer<Int8>, _ w: UnsafePointer<Int8>, _ count: Int,
                    _ inputOffset: Int32, _ start: Int32) -> Int32 {
        var acc = start
        for i in 0..<count {
            acc &+= Int32(w[i]) &* (Int32(x[i]) &+ inputOffset)
        }
        return acc
    }

    /// The per-channel tail of the three kernels: + bias, requantize, + output offset, clamp.
    struct Requantizer {
        let multipliers: [Int32]
        let shifts: [Int32]
        let bias: [Int32]
        let outputOffset: Int32
        let min: Int32
        let max: Int32

        /// The output byte (an int8 bit pattern) of channel `c` for accumulator `acc`.
        @inline(__always)
        func output(_ acc: Int32, channel c: Int) -> UInt8 {
            let scaled = multiplyByQuantizedMultiplier(acc &+ bias[c], multipliers[c], shifts[c])
            let shifted = scaled &+ outputOffset
            return UInt8(bitPattern: Int8(Swift.min(Swift.max(shifted, min), max)))
        }
    }

    /// Every dimension at least 1 (the C runtime's generic tensor checks require it).
    static func requirePositiveDimensions(_ op: KglOperator, _ tensors: [KglTensor]) throws(FormatError) {
        for t in tensors where t.shape.contains(0) {
            throw op.failure("\(t.label) has a zero dimension in \(t.shape)")
        }
    }

    /// One spatial axis: stride and dilation ≥ 1, padding ≥ 0, and every input coordinate
    /// formed, (output − 1) · stride + (filter − 1) · dilation, fits in int32.
    static func requireWindow(_ op: KglOperator, output: Int, stride: Int32, dilation: Int32,
                              pad: Int32, filter: Int, axis: String) throws(FormatError) {
        try op.require(stride >= 1 && dilation >= 1 && pad >= 0,
                       "\(axis): stride \(stride), dilation \(dilation) and padding \(pad) must be ≥ 1, ≥ 1 and ≥ 0")
        // Dimensions are below 2^32 and the factors below 2^31, so UInt64 cannot overflow.
        let reach = UInt64(output - 1) * UInt64(stride) + UInt64(filter - 1) * UInt64(dilation)
        try op.require(reach <= UInt64(Int32.max), "\(axis): the window positions exceed int32")
    }

    /// Zero-point offsets of int8 tensors, a clamp within int8, and `count` multipliers ≥ 0
    /// with shifts in −31...30 inside the data section.
    static func requireRequantization(
        _ op: KglOperator, in model: KglModel, inputOffset: Int32, outputOffset: Int32,
        activationMin: Int32, activationMax: Int32, multipliers: Int32, shifts: Int32, count: Int
    ) throws(FormatError) {
        try op.require((-127...128).contains(inputOffset), "input offset \(inputOffset) is outside -127...128")
        try op.require((-128...127).contains(outputOffset), "output offset \(outputOffset) is outside -128...127")
        try op.require(activationMin >= -128 && activationMax <= 127 && activationMin <= activationMax,
                       "activation range \(activationMin)...\(activationMax) is not within int8")
        guard let m = model.int32Array(at: multipliers, count: count),
              let s = model.int32Array(at: shifts, count: count) else {
            throw op.failure("multiplier or shift array (offsets \(multipliers), \(shifts); \(count) values) is outside the data section")
        }
        for c in 0..<count where m[c] < 0 || s[c] < -31 || s[c] > 30 {
            throw op.failure("channel \(c): multiplier \(m[c]) and shift \(s[c]) are out of range (≥ 0, -31...30)")
        }
    }
}
