import KingletIR

/// RESIZE_NEAREST_NEIGHBOR in float32, as TFLite's reference kernel without corner
/// alignment or half-pixel centres: operands input [N, H, W, C] and size (an int32/int64
/// constant [2] = OH, OW, equal to the output's); output row o reads input row
/// min(⌊o · scale⌋, H − 1) with the float32 scale H / OH (likewise for columns).
struct ResizeNearestNeighborF32: FloatKernel {
    let batches: Int
    let inputHeight: Int
    let inputWidth: Int
    let depth: Int
    /// Per output row and column, the input row and column it copies.
    let sourceRows: [Int]
    let sourceColumns: [Int]

    init(_ check: FloatOperatorCheck) throws(FloatInterpreterError) {
        try check.requireOperandCount(2...2)
        let input = try check.floatOperand(0, "input", rank: 4)
        let (sizeShape, size) = try check.integerConstant(1, "size")
        let output = try check.output(rank: 4)
        try check.requireShape(sizeShape, [2], "size")
        try check.requireShape(output, [input[0], size[0], size[1], input[3]], "output")
        batches = input[0]
        inputHeight = input[1]
        inputWidth = input[2]
        depth = input[3]
        sourceRows = Self.sources(input: input[1], output: output[1])
        sourceColumns = Self.sources(input: input[2], output: output[2])
    }

    /// TFLite's GetNearestNeighbor: min(Int(floor(o · (input / output as float32))), input − 1).
    static func sources(input: Int, output: Int) -> [Int] {
        let scale = Float(input) / Float(output)
        return (0..<output).map { o in
            let source = (Float(o) * scale).rounded(.down)
            // Both sizes are ≥ 1 and below 2^28, so `source` is finite and small.
            return Swift.min(Int(source), input - 1)
        }
    }

    func run(_ operands: [[Float]]) -> [Float] {
        let x = operands[0]
        var output: [Float] = []
        output.reserveCapacity(batches * sourceRows.count * sourceColumns.count * depth)
        for b in 0..<batches {
            for row in sourceRows {
                for column in sourceColumns {
                    let start = ((b * inputHeight + row) * inputWidth + column) * depth
                    output.append(contentsOf: x[start..<(start + depth)])
                }
            }
        }
        return output
    }
}
