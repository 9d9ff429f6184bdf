import KingletIO
import KingletIR

extension KerasModelBuilder {
    /// AVERAGE_POOL_2D / MAX_POOL_2D → AveragePooling2D / MaxPooling2D (both leave padded
    /// cells out, as TFLite does), then the fused activation.
    mutating func pool2D(_ op: Operator, _ className: String, _ attributes: Pool2DAttributes) throws(ExportError) -> Int {
        let x = try source(op, 0)
        guard shape(ofLayer: x).count == 4 else {
            throw refuse("needs a rank-4 input (batch, height, width, channels), got shape \(shape(ofLayer: x))")
        }
        let window = [attributes.filterH, attributes.filterW], strides = [attributes.strideH, attributes.strideW]
        guard (window + strides).allSatisfy({ $0 >= 1 }) else {
            throw refuse("window \(window) and strides \(strides) must be positive")
        }
        let layer = addStep(className, options: [
            "pool_size": Self.integers(window), "strides": Self.integers(strides),
            "padding": .string(attributes.padding == .same ? "same" : "valid"), "data_format": .string("channels_last"),
        ], inputs: [x], shape: shape(op.outputs[0]))
        return try activated(layer, attributes.activation)
    }

    /// MEAN / REDUCE_MAX. Over the spatial axes of an image (or the steps of a sequence) this
    /// is Global{Average,Max}Pooling2D (1D); over other axes, those axes are permuted to the
    /// front, flattened into the steps of a sequence, pooled with the 1-D global pooling and
    /// the result reshaped: Keras has no other layer that reduces an arbitrary axis.
    mutating func reduction(_ op: Operator, average: Bool, keepDims: Bool) throws(ExportError) -> Int {
        let x = try source(op, 0)
        let inputShape = shape(ofLayer: x)
        let rank = inputShape.count
        let raw = try integerConstant(op, 1, "axes")
        var axes: [Int] = []
        for axis in raw {
            let normalized = axis < 0 ? axis + rank : axis
            guard normalized >= 1, normalized < rank else {
                throw refuse("axis \(axis) is not a non-batch axis of the rank-\(rank) input (Keras layers keep the batch axis)")
            }
            if !axes.contains(normalized) { axes.append(normalized) }
        }
        axes.sort()
        guard !axes.isEmpty else { throw refuse("reduces no axis") }
        let outputShape = shape(op.outputs[0])
        let kind = average ? "Average" : "Max"
        if (rank == 4 && axes == [1, 2]) || (rank == 3 && axes == [1]) {
            return addStep("Global\(kind)Pooling\(rank - 2)D",
                           options: ["data_format": .string("channels_last"), "keepdims": .bool(keepDims)],
                           inputs: [x], shape: outputShape)
        }
        let kept = (1..<rank).filter { !axes.contains($0) }
        let reducedCount = axes.map { inputShape[$0] }.reduce(1, *)
        let keptCount = kept.map { inputShape[$0] }.reduce(1, *)
        var current = x
        if axes + kept != Array(1..<rank) {
            let permutation = axes + kept
            current = addStep("Permute", suffix: "permute", options: ["dims": Self.integers(permutation)],
                              inputs: [current], shape: [1] + permutation.map { inputShape[$0] })
        }
        if rank != 3 || axes.count != 1 {
            current = addStep("Reshape", suffix: "steps", options: ["target_shape": Self.integers([reducedCount, keptCount])],
                              inputs: [current], shape: [1, reducedCount, keptCount])
        }
        current = addStep("Global\(kind)Pooling1D", suffix: "pool",
                          options: ["data_format": .string("channels_last"), "keepdims": .bool(false)],
                          inputs: [current], shape: [1, keptCount])
        guard outputShape.count >= 2 else {
            throw refuse("reduces every axis to shape \(outputShape); Keras layers keep a batch axis in front of another axis")
        }
        return addStep("Reshape", options: ["target_shape": Self.integers(Array(outputShape.dropFirst()))],
                       inputs: [current], shape: outputShape)
    }
}
