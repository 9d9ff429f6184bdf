import KingletIR

extension KerasGraphBuilder {
    /// NumPy broadcasting of two shapes, or nil when they do not broadcast.
    static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        let a = [Int](repeating: 1, count: rank - a.count) + a
        let b = [Int](repeating: 1, count: rank - b.count) + b
        var shape: [Int] = []
        for (x, y) in zip(a, b) {
            guard x == y || x == 1 || y == 1 else { return nil }
            shape.append(max(x, y))
        }
        return shape
    }

    /// Add, Subtract, Multiply, Average, Maximum, Minimum: a chain of binary operators.
    mutating func merge(_ call: KerasLayerCall) throws -> Int {
        let className = call.layer.className
        guard call.inputs.count >= (className == "Subtract" ? 2 : 1) else {
            throw call.invalid("needs at least 2 inputs, called on \(call.inputs.count)")
        }
        if className == "Subtract" && call.inputs.count != 2 {
            throw call.invalid("subtracts exactly 2 inputs, called on \(call.inputs.count)")
        }
        let kind: OperatorKind
        switch className {
        case "Add", "Average": kind = .add(activation: .none)
        case "Subtract": kind = .sub(activation: .none)
        case "Multiply": kind = .mul(activation: .none)
        case "Maximum": kind = .maximum
        default: kind = .minimum
        }
        var result = call.inputs[0]
        if call.inputs.count == 1 {
            result = emit(.identity, [result], shape: shape(result), name: call.name)
        }
        for operand in call.inputs.dropFirst() {
            guard let outputShape = Self.broadcast(shape(result), shape(operand)) else {
                throw call.invalid("input shapes \(Self.describe(shape(result))) and \(Self.describe(shape(operand))) do not broadcast")
            }
            result = emit(kind, [result, operand], shape: outputShape, name: call.name)
        }
        if className == "Average" {
            let scale = constant(call.tensorName("reciprocal_count"), shape: [1], floats: [1 / Float(call.inputs.count)])
            result = emit(.mul(activation: .none), [result, scale], shape: shape(result), name: call.name)
        }
        return result
    }

    mutating func concatenate(_ call: KerasLayerCall) throws -> Int {
        guard call.inputs.count >= 1 else { throw call.invalid("needs inputs") }
        let shapes = call.inputs.map(shape)
        let rank = shapes[0].count
        let options = call.options
        let raw = try options.int("axis", default: -1)
        let axis = raw < 0 ? raw + rank : raw
        guard axis >= 1, axis < rank else { throw options.invalid("axis", "\(raw) is not a non-batch axis of rank \(rank)") }
        for other in shapes.dropFirst() {
            guard other.count == rank,
                  (0..<rank).allSatisfy({ $0 == axis || other[$0] == shapes[0][$0] }) else {
                throw call.invalid("input shapes \(shapes.map(Self.describe).joined(separator: ", ")) differ outside axis \(raw)")
            }
        }
        var outputShape = shapes[0]
        outputShape[axis] = shapes.reduce(0) { $0 + $1[axis] }
        return emit(.concatenation(axis: axis, activation: .none), call.inputs, shape: outputShape, name: call.name)
    }
}
