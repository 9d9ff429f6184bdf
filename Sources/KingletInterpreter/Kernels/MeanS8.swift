import KingletFormat

/// MEAN, int8, as TFLite's reference_ops::QuantizedMeanOrSum: each output is the int32 sum
/// of its n inputs plus n·inputOffset, rescaled by a multiplier that already holds 1/n, plus
/// the output offset, clamped to int8. One pass per output (no scratch); sums wrap modulo
/// 2^32 as TFLite's int32 arithmetic does. Twin of kgl_mean_s8.
enum MeanS8: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = try op.input(0, in: model, type: .int8)
        let output = try op.output(0, in: model, type: .int8)
        let o = { (slot: MeanOptions) in op.option(slot) }
        let mask = o(.axisMask)
        try op.require(mask >= 0 && Int(mask) < 1 << input.shape.count,
                       "axis mask \(mask) names axes beyond rank \(input.shape.count)")
        try op.require((-127...128).contains(o(.inputOffset)) && (-128...127).contains(o(.outputOffset)),
                       "offsets \(o(.inputOffset)), \(o(.outputOffset)) are not int8 zero points")
        try op.require(o(.multiplier) >= 0 && (-31...30).contains(o(.shift)),
                       "multiplier \(o(.multiplier)) must be non-negative and shift \(o(.shift)) in [-31, 30]")
        let reduced = input.shape.indices.map { mask & (1 << Int32($0)) != 0 }
        let keptShape = input.shape.indices.map { reduced[$0] ? 1 : input.shape[$0] }
        let squeezedShape = input.shape.indices.filter { !reduced[$0] }.map { input.shape[$0] }
        try op.require(output.shape == keptShape || output.shape == squeezedShape,
                       "output shape \(output.shape) is neither \(keptShape) nor \(squeezedShape)")
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let input = memory.tensor(op.inputs[0])
        let output = memory.tensor(op.outputs[0])
        let x = memory.int8(op.inputs[0])
        let o = { (slot: MeanOptions) in op.option(slot) }
        let mask = o(.axisMask)
        let shape = input.shape
        var steps = [Int](repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 2, through: 0, by: -1) { steps[d] = steps[d + 1] * shape[d + 1] }
        let reducedAxes = shape.indices.filter { mask & (1 << Int32($0)) != 0 }
        let keptAxes = shape.indices.filter { mask & (1 << Int32($0)) == 0 }
        let reduced = Odometer(dims: reducedAxes.map { shape[$0] }, steps: reducedAxes.map { steps[$0] })
        let kept = Odometer(dims: keptAxes.map { shape[$0] }, steps: keptAxes.map { steps[$0] })
        let n = reduced.count
        let bias = o(.inputOffset) &* Int32(truncatingIfNeeded: n)
        let (multiplier, shift, outputOffset) = (o(.multiplier), o(.shift), o(.outputOffset))
        var y = [Int8](repeating: 0, count: output.elementCount)
        x.withUnsafeBufferPointer { x in
            var k = 0
            kept.forEach { base in
                var sum = bias
                reduced.forEach { at in sum &+= Int32(x[base + at]) }
                let v = multiplyByQuantizedMultiplier(sum, multiplier, shift) &+ outputOffset
                y[k] = Int8(min(max(v, -128), 127))
                k += 1
            }
        }
        memory.write(int8: y, to: op.outputs[0])
    }

    /// Element offsets over some axes of a tensor, the last axis fastest.
    private struct Odometer {
        let dims: [Int]
        let steps: [Int]

        var count: Int { dims.reduce(1, *) }

        func forEach(_ body: (Int) -> Void) {
            var index = [Int](repeating: 0, count: dims.count)
            var offset = 0
            for _ in 0..<count {
                body(offset)
                var i = dims.count - 1
                while i >= 0 {
                    offset += steps[i]
                    index[i] += 1
                    if index[i] < dims[i] { break }
                    index[i] = 0
                    offset -= steps[i] * dims[i]
                    i -= 1
                }
            }
        }
    }
}
