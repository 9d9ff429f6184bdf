import KingletIR

/// The shapes of AVERAGE_POOL_2D and MAX_POOL_2D: input [N, H, W, C] and output
/// [N, OH, OW, C], with the window axes of the attributes (dilation 1).
struct Pool2DGeometry: Sendable {
    let batches: Int
    let height: WindowAxis
    let width: WindowAxis
    let depth: Int

    init(_ check: FloatOperatorCheck, _ attributes: Pool2DAttributes) throws(FloatInterpreterError) {
        try check.requireOperandCount(1...1)
        let input = try check.floatOperand(0, "input", rank: 4)
        let output = try check.output(rank: 4)
        try check.requireShape(output, [input[0], output[1], output[2], input[3]], "output")
        batches = input[0]
        depth = input[3]
        height = try WindowAxis(check, "height", input: input[1], output: output[1], filter: attributes.filterH,
                                stride: attributes.strideH, dilation: 1, padding: attributes.padding)
        width = try WindowAxis(check, "width", input: input[2], output: output[2], filter: attributes.filterW,
                               stride: attributes.strideW, dilation: 1, padding: attributes.padding)
    }

    var outputCount: Int { batches * height.output * width.output * depth }

    /// Calls `body(outputOffset, rows, columns, inputOffset(iy, ix))` for every output pixel:
    /// the in-image window rows and columns, and where an input pixel's channels start.
    func forEachWindow(_ body: (Int, Range<Int>, Range<Int>, (Int, Int) -> Int) -> Void) {
        let (inH, inW) = (height.input, width.input)
        var n = 0
        for b in 0..<batches {
            for oy in 0..<height.output {
                let y0 = height.start(oy)
                let taps = height.taps(from: y0)
                let rows = (y0 + taps.lowerBound)..<(y0 + taps.upperBound)
                for ox in 0..<width.output {
                    let x0 = width.start(ox)
                    let columnTaps = width.taps(from: x0)
                    let columns = (x0 + columnTaps.lowerBound)..<(x0 + columnTaps.upperBound)
                    body(n, rows, columns) { iy, ix in ((b * inH + iy) * inW + ix) * depth }
                    n += depth
                }
            }
        }
    }
}
