import KingletIR

extension KerasGraphBuilder {
    private func poolWindow(_ call: KerasLayerCall, rank: Int) throws -> (size: [Int], strides: [Int], same: Bool) {
        let options = call.options
        try options.requireChannelsLast()
        // Sizes only enter arithmetic, so a list item 2.0 is accepted, as every Keras does;
        // null strides mean the pool size.
        let size = try options.ints("pool_size", count: rank, default: [Int](repeating: 2, count: rank), items: .integral)
        let strides = try options.ints("strides", count: rank, default: size, items: .integral, null: .meansDefault)
        return (size, strides, try options.padding() == "same")
    }

    /// MaxPooling2D / AveragePooling2D (padded cells not counted in averages, as Keras).
    mutating func pooling2D(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let inputShape = shape(x)
        guard inputShape.count == 4 else { throw call.invalid("needs an input of rank 4, got \(inputShape.count)") }
        let window = try poolWindow(call, rank: 2)
        let spatial = try checkedWindow(call, input: Array(inputShape[1...2]), kernel: window.size, strides: window.strides,
                                        dilation: [1, 1], same: window.same)
        let attributes = Pool2DAttributes(filterH: window.size[0], filterW: window.size[1], strideH: window.strides[0],
                                          strideW: window.strides[1], padding: window.same ? .same : .valid, activation: .none)
        let kind: OperatorKind = call.layer.className.hasPrefix("Max") ? .maxPool2D(attributes) : .averagePool2D(attributes)
        return emit(kind, [x], shape: [1, spatial[0], spatial[1], inputShape[3]], name: call.name)
    }

    /// MaxPooling1D / AveragePooling1D as the 2-D pool over a height-1 image.
    mutating func pooling1D(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let inputShape = shape(x)
        guard inputShape.count == 3 else { throw call.invalid("needs an input of rank 3, got \(inputShape.count)") }
        let window = try poolWindow(call, rank: 1)
        let steps = try checkedWindow(call, input: [inputShape[1]], kernel: window.size, strides: window.strides,
                                      dilation: [1], same: window.same)[0]
        let attributes = Pool2DAttributes(filterH: 1, filterW: window.size[0], strideH: 1, strideW: window.strides[0],
                                          padding: window.same ? .same : .valid, activation: .none)
        let kind: OperatorKind = call.layer.className.hasPrefix("Max") ? .maxPool2D(attributes) : .averagePool2D(attributes)
        let image = emit(.reshape, [x], shape: [1, 1, inputShape[1], inputShape[2]], name: call.name)
        let pooled = emit(kind, [image], shape: [1, 1, steps, inputShape[2]], name: call.name)
        return emit(.reshape, [pooled], shape: [1, steps, inputShape[2]], name: call.name)
    }

    /// Global pooling: MEAN or REDUCE_MAX over the spatial axes.
    mutating func globalPooling(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let options = call.options
        try options.requireChannelsLast()
        let inputShape = shape(x)
        let is2D = call.layer.className.hasSuffix("2D")
        guard inputShape.count == (is2D ? 4 : 3) else {
            throw call.invalid("needs an input of rank \(is2D ? 4 : 3), got \(inputShape.count)")
        }
        let keepDims = try options.bool("keepdims", default: false)
        let axes = is2D ? [1, 2] : [1]
        let outputShape = keepDims ? inputShape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
                                   : [1, inputShape[inputShape.count - 1]]
        let axesTensor = int32Constant(call.tensorName("axes"), axes)
        let kind: OperatorKind = call.layer.className.contains("Max") ? .reduceMax(keepDims: keepDims) : .mean(keepDims: keepDims)
        return emit(kind, [x, axesTensor], shape: outputShape, name: call.name)
    }
}
