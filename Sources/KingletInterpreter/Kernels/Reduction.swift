import KingletFormat

/// What MEAN and REDUCE_MAX share: the axis mask's validity and output shape, and the walk
/// over kept and reduced axes.
enum Reduction {
    /// The mask names only input axes; the output is the input reduced over them, either
    /// with the reduced axes kept as 1 or removed.
    static func checkShapes(_ op: KglOperator, input: KglTensor, output: KglTensor, mask: Int32) throws(FormatError) {
        try op.require(mask >= 0 && Int(mask) < 1 << input.shape.count,
                       "axis mask \(mask) names axes beyond rank \(input.shape.count)")
        let reduced = input.shape.indices.map { mask & (1 << Int32($0)) != 0 }
        let keptShape = input.shape.indices.map { reduced[$0] ? 1 : input.shape[$0] }
        let squeezedShape = input.shape.indices.filter { !reduced[$0] }.map { input.shape[$0] }
        try op.require(output.shape == keptShape || output.shape == squeezedShape,
                       "output shape \(output.shape) is neither \(keptShape) nor \(squeezedShape)")
    }

    /// Odometers over the kept axes (one step per output element, in order) and over the
    /// reduced axes (the elements of one output), as element offsets of the input.
    static func odometers(_ shape: [Int], mask: Int32) -> (kept: Odometer, reduced: Odometer) {
        var steps = [Int](repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 2, through: 0, by: -1) { steps[d] = steps[d + 1] * shape[d + 1] }
        let reducedAxes = shape.indices.filter { mask & (1 << Int32($0)) != 0 }
        let keptAxes = shape.indices.filter { mask & (1 << Int32($0)) == 0 }
        return (Odometer(dims: keptAxes.map { shape[$0] }, steps: keptAxes.map { steps[$0] }),
                Odometer(dims: reducedAxes.map { shape[$0] }, steps: reducedAxes.map { steps[$0] }))
    }
}
