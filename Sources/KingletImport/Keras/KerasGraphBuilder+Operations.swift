import KingletIR

extension KerasGraphBuilder {
    /// Keras 3 operation classes (`keras.src.ops.*`) and Keras 2 TFOpLambda functions that
    /// are translated, by the name used below.
    static let supportedOperations = [
        "Add", "Subtract", "Multiply", "Divide", "Maximum", "Minimum", "Negative", "Clip", "Reshape",
        "Transpose", "Concatenate", "Mean", "Max", "ExpandDims", "Squeeze", "Exp", "Tanh", "Relu",
        "Relu6", "Sigmoid", "Softmax", "Silu", "HardSigmoid", "HardSilu", "Gelu", "Elu", "LeakyRelu",
        "Softplus",
    ]

    /// Keras 2 TFOpLambda `function` names → the operation names above.
    static let tfFunctions: [String: String] = [
        "__operators__.add": "Add", "math.add": "Add", "math.subtract": "Subtract",
        "__operators__.sub": "Subtract", "math.multiply": "Multiply", "math.truediv": "Divide",
        "math.divide": "Divide", "math.maximum": "Maximum", "math.minimum": "Minimum",
        "math.negative": "Negative", "nn.relu": "Relu", "nn.relu6": "Relu6", "math.sigmoid": "Sigmoid",
        "nn.sigmoid": "Sigmoid", "math.tanh": "Tanh", "nn.silu": "Silu", "nn.swish": "Silu", "math.exp": "Exp",
        "nn.softplus": "Softplus", "math.softplus": "Softplus", "nn.elu": "Elu",
    ]

    /// A call's operands in argument order: tensors, and numbers as [1] constants.
    private mutating func operands(_ call: KerasLayerCall) throws -> [Int] {
        let arguments = call.arguments.isEmpty ? call.inputs.indices.map { KerasArgument.tensor($0) } : call.arguments
        return try arguments.enumerated().map { position, argument in
            switch argument {
            case .tensor(let index):
                guard call.inputs.indices.contains(index) else { throw call.invalid("argument \(position) refers to a missing tensor") }
                return call.inputs[index]
            case .number(let value):
                guard value.isFinite else { throw call.invalid("argument \(position) is \(value)") }
                return constant(call.tensorName("constant\(position)"), shape: [1], floats: [Float(value)])
            }
        }
    }

    /// An axis of the whole tensor (batch axis included, as operations see it); the batch
    /// axis itself is refused.
    private func operationAxis(_ call: KerasLayerCall, _ raw: Int, rank: Int, key: String = "axis") throws -> Int {
        let axis = raw < 0 ? raw + rank : raw
        guard axis >= 1, axis < rank else {
            throw call.options.unsupported(key, "\(raw) of a rank-\(rank) tensor (only non-batch axes)")
        }
        return axis
    }

    /// Translates a Keras 3 operation node or a Keras 2 TFOpLambda.
    mutating func operation(_ call: KerasLayerCall) throws -> Int {
        let layer = call.layer
        let options = call.options
        let name: String
        if layer.className == "TFOpLambda" {
            let function = try options.string("function")
            guard let mapped = Self.tfFunctions[function] else {
                throw call.unsupported("TFOpLambda function '\(function)' (supported: \(Self.tfFunctions.keys.sorted().joined(separator: ", ")))")
            }
            name = mapped
        } else {
            name = layer.className == "TrueDivide" ? "Divide" : layer.className == "Swish" ? "Silu"
                 : layer.className == "HardSwish" ? "HardSilu" : layer.className
        }
        let values = try operands(call)
        guard let first = values.first else { throw call.invalid("has no operands") }
        guard values.contains(where: { !graph.tensors[$0].isConstant }) else {
            throw call.unsupported("an operation on constants only")
        }
        func unary(_ kind: OperatorKind) throws -> Int {
            guard values.count == 1 else { throw call.invalid("takes one tensor, called with \(values.count) operands") }
            return emit(kind, [first], shape: shape(first), name: call.name)
        }
        func binary(_ kind: OperatorKind) throws -> Int {
            guard values.count == 2 else { throw call.invalid("takes two operands, called with \(values.count)") }
            guard let outputShape = Self.broadcast(shape(values[0]), shape(values[1])) else {
                throw call.invalid("operand shapes \(shape(values[0])) and \(shape(values[1])) do not broadcast")
            }
            return emit(kind, values, shape: outputShape, name: call.name)
        }
        let rank = shape(first).count
        switch name {
        case "Add": return try binary(.add(activation: .none))
        case "Subtract": return try binary(.sub(activation: .none))
        case "Multiply": return try binary(.mul(activation: .none))
        case "Maximum": return try binary(.maximum)
        case "Minimum": return try binary(.minimum)
        case "Divide":
            guard values.count == 2, let divisor = graph.tensors[values[1]].floatValues, divisor.count == 1, divisor[0] != 0 else {
                throw call.unsupported("division by a tensor (only by a nonzero number)")
            }
            let reciprocal = constant(call.tensorName("reciprocal"), shape: [1], floats: [1 / divisor[0]])
            return emit(.mul(activation: .none), [first, reciprocal], shape: shape(first), name: call.name)
        case "Negative":
            let minusOne = constant(call.tensorName("minus_one"), shape: [1], floats: [-1])
            guard values.count == 1 else { throw call.invalid("takes one tensor") }
            return emit(.mul(activation: .none), [first, minusOne], shape: shape(first), name: call.name)
        case "Clip":
            guard values.count == 1 else { throw call.invalid("takes one tensor") }
            let low = constant(call.tensorName("x_min"), shape: [1], floats: [Float(try options.double("x_min"))])
            let high = constant(call.tensorName("x_max"), shape: [1], floats: [Float(try options.double("x_max"))])
            let floored = emit(.maximum, [first, low], shape: shape(first), name: call.name)
            return emit(.minimum, [floored, high], shape: shape(first), name: call.name)
        case "Relu": return try unary(.relu)
        case "Relu6": return try unary(.relu6)
        case "Sigmoid": return try unary(.logistic)
        case "Tanh": return try unary(.tanh)
        case "Exp": return try unary(.exp)
        case "Softplus": return try unary(.softplus)
        case "HardSilu": return try unary(.hardSwish)
        case "HardSigmoid": return try unary(.hardSigmoid(slope: 1.0 / 6.0, offset: 0.5))
        case "Elu": return try unary(.elu(alpha: Float(try options.double("alpha", default: 1))))
        case "LeakyRelu": return try unary(.leakyRelu(alpha: Float(try options.double("negative_slope", default: 0.2))))
        case "Gelu": return try unary(.gelu(approximate: try options.bool("approximate", default: true)))
        case "Silu":
            let gate = try unary(.logistic)
            return emit(.mul(activation: .none), [first, gate], shape: shape(first), name: call.name)
        case "Softmax":
            guard values.count == 1 else { throw call.invalid("takes one tensor") }
            let axes = options.has("axis") ? try options.intList("axis") : [-1]
            guard axes.count == 1 else { throw options.unsupported("axis", "softmax over several axes \(axes)") }
            return softmax(first, axis: try operationAxis(call, axes[0], rank: rank), call: call)
        case "Reshape":
            guard values.count == 1 else { throw call.invalid("takes one tensor") }
            return try operationReshape(call, first)
        case "ExpandDims", "Squeeze":
            guard values.count == 1 else { throw call.invalid("takes one tensor") }
            var outputShape = shape(first)
            if name == "ExpandDims" {
                let raw = try options.int("axis")
                let axis = raw < 0 ? raw + rank + 1 : raw
                guard axis >= 1, axis <= rank else { throw options.unsupported("axis", "\(raw) (only non-batch axes)") }
                outputShape.insert(1, at: axis)
            } else if options.has("axis") {
                for axis in try options.intList("axis").map({ try operationAxis(call, $0, rank: rank) }).sorted(by: >) {
                    guard outputShape[axis] == 1 else { throw options.invalid("axis", "axis \(axis) has size \(outputShape[axis]), not 1") }
                    outputShape.remove(at: axis)
                }
            } else {
                outputShape = [1] + outputShape.dropFirst().filter { $0 != 1 }
            }
            return emit(.reshape, [first], shape: outputShape, name: call.name)
        case "Transpose":
            guard values.count == 1 else { throw call.invalid("takes one tensor") }
            let axes = options.has("axes") ? try options.intList("axes") : Array((0..<rank).reversed())
            guard axes.sorted() == Array(0..<rank), axes.first == 0 else {
                throw options.unsupported("axes", "\(axes): a permutation of 0..<\(rank) that keeps the batch axis first")
            }
            let perm = int32Constant(call.tensorName("permutation"), axes)
            return emit(.transpose, [first, perm], shape: axes.map { shape(first)[$0] }, name: call.name)
        case "Concatenate":
            let axis = try operationAxis(call, try options.int("axis", default: 0), rank: rank)
            let shapes = values.map(shape)
            guard shapes.allSatisfy({ other in other.count == rank && (0..<rank).allSatisfy { a in a == axis || other[a] == shapes[0][a] } }),
                  values.allSatisfy({ !graph.tensors[$0].isConstant }) else {
                throw call.invalid("operand shapes \(shapes) differ outside axis \(axis)")
            }
            var outputShape = shapes[0]
            outputShape[axis] = shapes.reduce(0) { $0 + $1[axis] }
            return emit(.concatenation(axis: axis, activation: .none), values, shape: outputShape, name: call.name)
        case "Mean", "Max":
            guard values.count == 1 else { throw call.invalid("takes one tensor") }
            let axes = options.has("axis") ? try options.intList("axis").map { try operationAxis(call, $0, rank: rank) }
                                            : Array(1..<rank)
            let keepDims = try options.bool("keepdims", default: false)
            var outputShape = shape(first)
            for axis in Set(axes).sorted(by: >) {
                if keepDims { outputShape[axis] = 1 } else { outputShape.remove(at: axis) }
            }
            let axesTensor = int32Constant(call.tensorName("axes"), Array(Set(axes)).sorted())
            let kind: OperatorKind = name == "Mean" ? .mean(keepDims: keepDims) : .reduceMax(keepDims: keepDims)
            return emit(kind, [first, axesTensor], shape: outputShape, name: call.name)
        default:
            throw call.unsupported("operation \(layer.module.isEmpty ? "" : layer.module + ".")\(layer.className) (supported operations: \(Self.supportedOperations.joined(separator: ", ")))")
        }
    }

    /// `ops.reshape(x, newshape)`: the new shape includes the batch axis, which stays 1.
    private mutating func operationReshape(_ call: KerasLayerCall, _ x: Int) throws -> Int {
        let options = call.options
        var target = try options.intList("newshape")
        let count = shape(x).reduce(1, *)
        let unknown = target.indices.filter { target[$0] == -1 }
        guard unknown.count <= 1, target.allSatisfy({ $0 == -1 || $0 >= 1 }) else {
            throw options.invalid("newshape", "\(target): sizes must be positive, with at most one -1")
        }
        if let position = unknown.first {
            let known = Self.elementCount(target.filter { $0 != -1 }) ?? 0
            guard known > 0, count % known == 0 else { throw options.invalid("newshape", "\(target) cannot hold \(count) elements") }
            target[position] = count / known
        }
        guard Self.elementCount(target) == count, target.first == 1 else {
            throw options.invalid("newshape", "\(target) does not reshape \(shape(x)) keeping a batch of 1")
        }
        return emit(.reshape, [x], shape: target, name: call.name)
    }
}
