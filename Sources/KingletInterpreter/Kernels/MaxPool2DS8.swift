import KingletFormat

/// MAX_POOL_2D, int8 NHWC, as TFLite's reference_integer_ops::MaxPool: the largest value of
/// the window clipped to the input, clamped. Twin of kgl_max_pool2d_s8.
enum MaxPool2DS8: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        try Pool2DCheck.check(op, in: model)
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let input = memory.tensor(op.inputs[0])
        let output = memory.tensor(op.outputs[0])
        let x = memory.int8(op.inputs[0])
        let (batches, inH, inW, depth) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let (outH, outW) = (output.shape[1], output.shape[2])
        let strideH = Int(op.option(Pool2DOptions.strideH))
        let strideW = Int(op.option(Pool2DOptions.strideW))
        let filterH = Int(op.option(Pool2DOptions.filterH))
        let filterW = Int(op.option(Pool2DOptions.filterW))
        let padTop = Int(op.option(Pool2DOptions.padTop))
        let padLeft = Int(op.option(Pool2DOptions.padLeft))
        let low = op.option(Pool2DOptions.activationMin)
        let high = op.option(Pool2DOptions.activationMax)
        var y = [Int8](repeating: 0, count: output.elementCount)
        x.withUnsafeBufferPointer { x in
            var at = 0
            for b in 0..<batches {
                for oy in 0..<outH {
                    let y0 = oy * strideH - padTop
                    let fy0 = max(0, -y0)
                    let fy1 = min(filterH, inH - y0)
                    for ox in 0..<outW {
                        let x0 = ox * strideW - padLeft
                        let fx0 = max(0, -x0)
                        let fx1 = min(filterW, inW - x0)
                        for c in 0..<depth {
                            var largest: Int32 = -128
                            for fy in fy0..<fy1 {
                                let row = (b * inH + y0 + fy) * inW
                                for fx in fx0..<fx1 {
                                    largest = max(largest, Int32(x[(row + x0 + fx) * depth + c]))
                                }
                            }
                            y[at] = Int8(min(max(largest, low), high))
                            at += 1
                        }
                    }
                }
            }
        }
        memory.write(int8: y, to: op.outputs[0])
    }
}
