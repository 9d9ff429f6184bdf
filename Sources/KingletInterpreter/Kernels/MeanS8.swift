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
        try op.require((-127...128).contains(o(.inputOffset)) && (-128...127).contains(o(.outputOffset)),
                       "offsets \(o(.inputOffset)), \(o(.outputOffset)) are not int8 zero points")
        try op.require(o(.multiplier) >= 0 && (-31...30).contains(o(.shift)),
                       "multiplier \(o(.multiplier)) must be non-negative and shift \(o(.shift)) in [-31, 30]")
        try Reduction.checkShapes(op, input: input, output: output, mask: mask)
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let input = memory.tensor(op.inputs[0])
        let output = memory.tensor(op.outputs[0])
        let x = memory.int8(op.inputs[0])
        let o = { (slot: MeanOptions) in op.option(slot) }
        let (kept, reduced) = Reduction.odometers(input.shape, mask: o(.axisMask))
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
}
