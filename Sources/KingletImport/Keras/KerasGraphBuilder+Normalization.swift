import KingletIR

extension KerasGraphBuilder {
    /// A config axis (or list of axes) as non-negative axes of a rank-`rank` tensor; missing
    /// means `value`, null is refused. Keras 3's BatchNormalization reads a single axis with
    /// `int()`, so there (`scalar: .integral`) 3.0 is axis 3.
    private func axisList(_ call: KerasLayerCall, key: String, rank: Int, default value: [Int],
                          scalar: KerasConfigValue.IntegerForm = .literal) throws -> [Int] {
        let options = call.options
        let raw: [Int]
        if call.layer.config[key] == nil {
            raw = value
        } else if call.layer.config[key]?.array == nil {
            raw = [try options.int(key, form: scalar)]
        } else {
            raw = try options.intList(key)
        }
        return try raw.map { axis in
            let normalized = axis < 0 ? axis + rank : axis
            guard normalized >= 1, normalized < rank else {
                throw options.invalid(key, "\(axis) is not a non-batch axis of a rank-\(rank) input")
            }
            return normalized
        }.sorted()
    }

    /// BatchNormalization over the last axis, with its moving statistics.
    mutating func batchNormalization(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let options = call.options
        let inputShape = shape(x)
        let rank = inputShape.count
        let axes = try axisList(call, key: "axis", rank: rank, default: [-1], scalar: .integral)
        guard axes == [rank - 1] else {
            throw options.unsupported("axis", "normalizing axis \(axes) of a rank-\(rank) input (only the last, channels_last)")
        }
        let channels = inputShape[rank - 1]
        let scale = try options.bool("scale", default: true)
        let center = try options.bool("center", default: true)
        let epsilon = try options.double("epsilon", default: 1e-3)
        guard epsilon >= 0 else { throw options.invalid("epsilon", "\(epsilon) is negative") }
        var expected: [ExpectedWeight] = []
        if scale { expected.append(ExpectedWeight(name: "gamma", shape: [channels])) }
        if center { expected.append(ExpectedWeight(name: "beta", shape: [channels])) }
        expected += [ExpectedWeight(name: "moving_mean", shape: [channels]),
                     ExpectedWeight(name: "moving_variance", shape: [channels])]
        let weights = try loadWeights(call, expected)
        if let bad = weights["moving_variance"]!.firstIndex(where: { $0 < 0 }) {
            throw ImportError.invalid(format: "Keras", location: [call.layer.label, "weight 'moving_variance'"],
                                      reason: "element \(bad) is negative")
        }
        func operand(_ name: String) -> Int {
            weights[name].map { constant(call.tensorName(name), shape: [channels], floats: $0) } ?? -1
        }
        let inputs = [x, operand("gamma"), operand("beta"), operand("moving_mean"), operand("moving_variance")]
        return emit(.batchNormalization(epsilon: Float(epsilon)), inputs, shape: inputShape, name: call.name)
    }

    /// LayerNormalization over trailing axes.
    mutating func layerNormalization(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let options = call.options
        let inputShape = shape(x)
        let rank = inputShape.count
        let axes = try axisList(call, key: "axis", rank: rank, default: [-1])
        guard axes == Array((rank - axes.count)..<rank) else {
            throw options.unsupported("axis", "\(axes): only trailing axes can be normalized")
        }
        if try options.bool("rms_scaling", default: false) {
            throw options.unsupported("rms_scaling", "RMS normalization")
        }
        let epsilon = try options.double("epsilon", default: 1e-3)
        guard epsilon >= 0 else { throw options.invalid("epsilon", "\(epsilon) is negative") }
        let normalizedShape = axes.map { inputShape[$0] }
        var expected: [ExpectedWeight] = []
        if try options.bool("scale", default: true) { expected.append(ExpectedWeight(name: "gamma", shape: normalizedShape)) }
        if try options.bool("center", default: true) { expected.append(ExpectedWeight(name: "beta", shape: normalizedShape)) }
        let weights = try loadWeights(call, expected)
        func operand(_ name: String) -> Int {
            weights[name].map { constant(call.tensorName(name), shape: normalizedShape, floats: $0) } ?? -1
        }
        return emit(.layerNormalization(axes: axes, epsilon: Float(epsilon)), [x, operand("gamma"), operand("beta")],
                    shape: inputShape, name: call.name)
    }

    /// y = x · scale + offset, as MUL and ADD with constants on the last axis.
    mutating func affine(_ call: KerasLayerCall, x: Int, scale: [Float], offset: [Float]) throws -> Int {
        let inputShape = shape(x)
        let channels = inputShape[inputShape.count - 1]
        for (key, values) in [("scale", scale), ("offset", offset)] where values.count != 1 && values.count != channels {
            throw call.options.invalid(key, "\(values.count) values for \(channels) channels")
        }
        let scaleTensor = constant(call.tensorName("scale"), shape: [scale.count], floats: scale)
        let scaled = emit(.mul(activation: .none), [x, scaleTensor], shape: inputShape, name: call.name)
        // Rescaling(1/255) has no offset: adding zeros would cost an operator.
        guard offset.contains(where: { $0 != 0 }) else { return scaled }
        let offsetTensor = constant(call.tensorName("offset"), shape: [offset.count], floats: offset)
        return emit(.add(activation: .none), [scaled, offsetTensor], shape: inputShape, name: call.name)
    }

    mutating func rescaling(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let options = call.options
        let scale = try options.doubles("scale").map(Float.init)
        // Keras's default offset is 0.0; a null offset fails in Keras too.
        let offset = call.layer.config["offset"] != nil ? try options.doubles("offset").map(Float.init) : [0]
        return try affine(call, x: x, scale: scale, offset: offset)
    }

    /// Normalization: (x − mean) / max(sqrt(variance), 1e-7), from the config or the adapted
    /// weights, over the last axis.
    mutating func normalization(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let options = call.options
        let inputShape = shape(x)
        let rank = inputShape.count
        let axes = try axisList(call, key: "axis", rank: rank, default: [-1])
        guard axes == [rank - 1] else {
            throw options.unsupported("axis", "\(axes): only the last axis")
        }
        if try options.bool("invert", default: false) {
            throw options.unsupported("invert", "the inverse (denormalizing) form")
        }
        let channels = inputShape[rank - 1]
        var mean: [Double]
        var variance: [Double]
        if options.has("mean") {
            mean = try options.doubles("mean")
            variance = try options.doubles("variance")
        } else {
            let weights = try loadWeights(call, [ExpectedWeight(name: "mean", shape: [channels]),
                                                 ExpectedWeight(name: "variance", shape: [channels])], extras: 1)
            mean = weights["mean"]!.map(Double.init)
            variance = weights["variance"]!.map(Double.init)
        }
        for (key, values) in [("mean", mean), ("variance", variance)] where values.count != 1 && values.count != channels {
            throw options.invalid(key, "\(values.count) values for \(channels) channels")
        }
        if mean.count == 1 { mean = [Double](repeating: mean[0], count: channels) }
        if variance.count == 1 { variance = [Double](repeating: variance[0], count: channels) }
        guard variance.allSatisfy({ $0 >= 0 }) else { throw options.invalid("variance", "has negative values") }
        let denominator = variance.map { max($0.squareRoot(), 1e-7) }
        let scale = denominator.map { Float(1 / $0) }
        let offset = zip(mean, denominator).map { Float(-$0 / $1) }
        return try affine(call, x: x, scale: scale, offset: offset)
    }
}
