import KingletFormat

/// The checks AVERAGE_POOL_2D and MAX_POOL_2D share. Twin of kgl_pool2d_check
/// (runtime-c/src/kgl_pool2d.h): int8 NHWC tensors of the same batch and depth; strides and
/// filters ≥ 1; padding in [0, filter) and the last window starting inside the input, so no
/// window is empty; coordinates within int32; at most 2^23 values per window (the int32 sum
/// of int8 and its rounding cannot overflow); a non-empty int8 activation range.
enum Pool2DCheck {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let input = try op.input(0, in: model, type: .int8, rank: 4)
        let output = try op.output(0, in: model, type: .int8, rank: 4)
        try op.require((input.shape + output.shape).allSatisfy { $0 >= 1 },
                       "input \(input.shape) or output \(output.shape) has an empty dimension")
        try op.require(input.shape[0] == output.shape[0] && input.shape[3] == output.shape[3],
                       "input \(input.shape) and output \(output.shape) differ in batch or depth")
        let strideH = Int(op.option(Pool2DOptions.strideH))
        let strideW = Int(op.option(Pool2DOptions.strideW))
        let filterH = Int(op.option(Pool2DOptions.filterH))
        let filterW = Int(op.option(Pool2DOptions.filterW))
        let padTop = Int(op.option(Pool2DOptions.padTop))
        let padLeft = Int(op.option(Pool2DOptions.padLeft))
        try op.require(strideH >= 1 && strideW >= 1 && filterH >= 1 && filterW >= 1
                           && padTop >= 0 && padLeft >= 0 && padTop < filterH && padLeft < filterW,
                       "strides \(strideH)×\(strideW), filter \(filterH)×\(filterW), padding \(padTop)/\(padLeft): strides and filter must be ≥ 1 and padding in [0, filter)")
        let lastY = (output.shape[1] - 1) * strideH
        let lastX = (output.shape[2] - 1) * strideW
        let int32Max = Int(Int32.max)
        try op.require(lastY - padTop < input.shape[1] && lastX - padLeft < input.shape[2],
                       "output \(output.shape) has windows outside input \(input.shape)")
        try op.require(lastY + filterH <= int32Max && lastX + filterW <= int32Max
                           && input.shape[1] + filterH <= int32Max && input.shape[2] + filterW <= int32Max,
                       "coordinates exceed int32")
        try op.require(min(filterH, input.shape[1]) * min(filterW, input.shape[2]) <= 1 << 23,
                       "a window of more than 2^23 values could overflow the int32 sum")
        let low = op.option(Pool2DOptions.activationMin)
        let high = op.option(Pool2DOptions.activationMax)
        try op.require(low >= -128 && high <= 127 && low <= high,
                       "activation range [\(low), \(high)] is not a non-empty int8 range")
    }
}
