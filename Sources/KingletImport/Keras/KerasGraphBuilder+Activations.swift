import KingletIR

extension KerasGraphBuilder {
    /// Activation names Keras accepts that Kinglet translates.
    static let supportedActivations = [
        "linear", "relu", "relu6", "sigmoid", "hard_sigmoid", "tanh", "softmax", "swish", "silu",
        "hard_swish", "hard_silu", "gelu", "elu", "leaky_relu", "softplus", "exponential",
    ]

    /// Applies a named Keras activation to `x`; returns `x` itself for `linear`.
    mutating func applyActivation(_ activation: String, to x: Int, call: KerasLayerCall,
                                  option: String = "activation") throws -> Int {
        let shape = shape(x)
        let name = call.name
        func unary(_ kind: OperatorKind) -> Int { emit(kind, [x], shape: shape, name: name) }
        switch activation {
        case "linear": return x
        case "relu": return unary(.relu)
        case "relu6": return unary(.relu6)
        case "sigmoid": return unary(.logistic)
        case "tanh": return unary(.tanh)
        case "softmax": return unary(.softmax(beta: 1))
        case "hard_sigmoid":
            // Keras 2 defined it as clip(0.2x + 0.5); Keras 3 as relu6(x + 3) / 6.
            return unary(.hardSigmoid(slope: isKeras2 ? 0.2 : 1.0 / 6.0, offset: 0.5))
        case "swish", "silu":
            let gate = unary(.logistic)
            return emit(.mul(activation: .none), [x, gate], shape: shape, name: name)
        case "hard_swish", "hard_silu": return unary(.hardSwish)
        case "gelu": return unary(.gelu(approximate: false))
        case "elu": return unary(.elu(alpha: 1))
        case "leaky_relu": return unary(.leakyRelu(alpha: 0.2))
        case "softplus": return unary(.softplus)
        case "exponential": return unary(.exp)
        default:
            throw KerasOptions(layer: call.layer).unsupported(option,
                "activation '\(activation)' (supported: \(Self.supportedActivations.joined(separator: ", ")))")
        }
    }

    mutating func activationLayer(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let output = try applyActivation(try call.options.activation(), to: x, call: call)
        return output == x ? emit(.identity, [x], shape: shape(x), name: call.name) : output
    }

    mutating func reluLayer(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let options = call.options
        let maxValue = try options.optionalDouble("max_value")
        let slope = try options.double("negative_slope", default: 0)
        let threshold = try options.double("threshold", default: 0)
        if let maxValue, maxValue < 0 { throw options.invalid("max_value", "\(maxValue) is negative") }
        let kind: OperatorKind
        switch (maxValue, slope, threshold) {
        case (nil, 0, 0): kind = .relu
        case (6?, 0, 0): kind = .relu6
        case (nil, _, 0): kind = .leakyRelu(alpha: Float(slope))
        default: kind = .clampedRelu(maxValue: maxValue.map(Float.init), negativeSlope: Float(slope), threshold: Float(threshold))
        }
        return emit(kind, [x], shape: shape(x), name: call.name)
    }

    mutating func leakyReluLayer(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        // Keras 3 says negative_slope (default 0.3), Keras 2 alpha.
        let options = call.options
        let slope = call.layer.config["negative_slope"] != nil ? try options.double("negative_slope")
                                                                : try options.double("alpha", default: 0.3)
        return emit(.leakyRelu(alpha: Float(slope)), [x], shape: shape(x), name: call.name)
    }

    mutating func eluLayer(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        return emit(.elu(alpha: Float(try call.options.double("alpha", default: 1))), [x], shape: shape(x), name: call.name)
    }

    mutating func preluLayer(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let inputShape = shape(x)
        var alphaShape = Array(inputShape.dropFirst())
        let options = call.options
        if options.has("shared_axes") {
            for axis in try options.intList("shared_axes") {
                guard axis >= 1, axis <= alphaShape.count else {
                    throw options.invalid("shared_axes", "axis \(axis) is outside 1...\(alphaShape.count)")
                }
                alphaShape[axis - 1] = 1
            }
        }
        let alpha = try loadWeights(call, [ExpectedWeight(name: "alpha", shape: alphaShape)])["alpha"]!
        let constant = constant(call.tensorName("alpha"), shape: [1] + alphaShape, floats: alpha)
        return emit(.prelu, [x, constant], shape: inputShape, name: call.name)
    }

    mutating func softmaxLayer(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let inputShape = shape(x)
        let rank = inputShape.count
        let options = call.options
        // Keras reads a null axis as every axis at once.
        if call.layer.config["axis"]?.isNull == true { throw options.unsupported("axis", "null (softmax over all axes)") }
        let axes = options.has("axis") ? try options.intList("axis") : [-1]
        guard axes.count == 1 else { throw options.unsupported("axis", "softmax over several axes \(axes)") }
        let axis = axes[0] < 0 ? axes[0] + rank : axes[0]
        guard axis >= 1, axis < rank else { throw options.invalid("axis", "\(axes[0]) is not an axis of a rank-\(rank) input") }
        return softmax(x, axis: axis, call: call)
    }

    /// Softmax over one non-batch axis.
    mutating func softmax(_ x: Int, axis: Int, call: KerasLayerCall) -> Int {
        let inputShape = shape(x)
        let rank = inputShape.count
        if axis == rank - 1 {
            return emit(.softmax(beta: 1), [x], shape: inputShape, name: call.name)
        }
        // Softmax runs over the last axis: swap the axis there and back.
        var permutation = Array(0..<rank)
        permutation.swapAt(axis, rank - 1)
        let swappedShape = permutation.map { inputShape[$0] }
        let perm = int32Constant(call.tensorName("permutation"), permutation)
        let swapped = emit(.transpose, [x, perm], shape: swappedShape, name: call.name)
        let normalized = emit(.softmax(beta: 1), [swapped], shape: swappedShape, name: call.name)
        return emit(.transpose, [normalized, perm], shape: inputShape, name: call.name)
    }
}
