import KingletIO
import KingletIR

extension KerasModelBuilder {
    enum Arithmetic: String {
        case add, sub, mul, maximum, minimum

        /// The Keras merge layer computing it on two tensors.
        var mergeLayer: String {
            switch self {
            case .add: "Add"
            case .sub: "Subtract"
            case .mul: "Multiply"
            case .maximum: "Maximum"
            case .minimum: "Minimum"
            }
        }
    }

    /// ADD, SUB, MUL, MAXIMUM and MINIMUM. Of two computed tensors: the merge layer. With a
    /// constant that is one value or one per channel: ADD, SUB and MUL are Rescaling
    /// (x·scale + offset, exact for scale 1 or offset 0); MAXIMUM and MINIMUM merge with a
    /// tensor of the constant made by Rescaling(0, c), as Keras has no constant layer.
    mutating func arithmetic(_ op: Operator, _ function: Arithmetic, activation: Activation) throws(ExportError) -> Int {
        guard op.inputs.count == 2, let a = operand(op, 0), let b = operand(op, 1) else {
            throw refuse("needs two operands, has \(op.inputs.count)")
        }
        let outputShape = shape(op.outputs[0])
        let layer: Int
        switch (isConstant(a), isConstant(b)) {
        case (false, false):
            let inputs = [try source(op, 0), try source(op, 1)]
            layer = addStep(function.mergeLayer, inputs: inputs, takesList: true, shape: outputShape)
        case (true, true):
            throw refuse("both operands are constants; Keras layers compute on tensors")
        case (let firstIsConstant, _):
            let x = try source(op, firstIsConstant ? 1 : 0)
            let constantPosition = firstIsConstant ? 0 : 1
            let values = try channelConstant(op, constantPosition, along: shape(ofLayer: x), output: outputShape)
            switch function {
            case .add:
                layer = rescaling(x, scale: [1], offset: values, shape: outputShape)
            case .mul:
                layer = rescaling(x, scale: values, offset: [0], shape: outputShape)
            case .sub where firstIsConstant:
                layer = rescaling(x, scale: [-1], offset: values, shape: outputShape)
            case .sub:
                layer = rescaling(x, scale: [1], offset: values.map { -$0 }, shape: outputShape)
            case .maximum, .minimum:
                let filled = addStep("Rescaling", suffix: "constant",
                                     options: ["scale": .number(0), "offset": Self.numbers(values)],
                                     inputs: [x], shape: outputShape)
                layer = addStep(function.mergeLayer, inputs: firstIsConstant ? [filled, x] : [x, filled], takesList: true,
                                shape: outputShape)
            }
        }
        return try activated(layer, activation)
    }

    private mutating func rescaling(_ x: Int, scale: [Float], offset: [Float], shape: [Int]) -> Int {
        addStep("Rescaling", options: ["scale": Self.numbers(scale), "offset": Self.numbers(offset)], inputs: [x], shape: shape)
    }

    /// A float constant operand that Rescaling can take: one value, or one per channel (the
    /// last axis) with every other dimension 1, leaving the other operand's shape unchanged.
    private func channelConstant(_ op: Operator, _ position: Int, along shape: [Int],
                                 output: [Int]) throws(ExportError) -> [Float] {
        let constant = try floatConstant(op, position, "constant operand")
        let channels = shape.last ?? 1
        guard constant.shape.count <= shape.count, output == shape,
              constant.shape.dropLast().allSatisfy({ $0 == 1 }),
              constant.values.count == 1 || constant.values.count == channels else {
            throw refuse("the constant operand of shape \(constant.shape) is neither one value nor one per channel of \(shape); Keras's Rescaling cannot apply it")
        }
        return constant.values
    }

    /// PRELU → PReLU: alpha's axes of size 1 where the input's are larger are `shared_axes`.
    mutating func prelu(_ op: Operator) throws(ExportError) -> Int {
        let x = try source(op, 0)
        let inputShape = shape(ofLayer: x)
        let alpha = try floatConstant(op, 1, "alpha")
        guard alpha.shape.count <= inputShape.count else {
            throw refuse("alpha of shape \(alpha.shape) has a higher rank than the input \(inputShape)")
        }
        // Right-aligned as broadcasting aligns them; the batch axis takes no alpha.
        let aligned = [Int](repeating: 1, count: inputShape.count - alpha.shape.count) + alpha.shape
        var weightShape: [Int] = []
        var shared: [Int] = []
        for axis in 1..<inputShape.count {
            if aligned[axis] == inputShape[axis] {
                weightShape.append(inputShape[axis])
            } else if aligned[axis] == 1 {
                weightShape.append(1)
                shared.append(axis)
            } else {
                throw refuse("alpha of shape \(alpha.shape) does not broadcast to the input \(inputShape)")
            }
        }
        guard aligned[0] == 1 else { throw refuse("alpha of shape \(alpha.shape) varies along the batch axis") }
        return addStep("PReLU", options: ["shared_axes": shared.isEmpty ? .null : Self.integers(shared)], inputs: [x],
                       variables: [ExportedVariable(values: alpha.values, shape: weightShape)], shape: inputShape)
    }
}
