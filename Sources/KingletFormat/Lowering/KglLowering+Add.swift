import KingletIR

extension KglLowering {
    /// ADD, as TFLite Micro prepares int8 and int16 add (add_common.cc CalculateOpDataAdd):
    /// left shift 20 (int8) or 15 (int16, the 16x8 variant; pot_scale_int16 is ignored, as
    /// TFLite Micro always takes the general path); with m = 2·max(s1, s2) (float max, then
    /// double), input multipliers s1/m and s2/m and output multiplier m / (2^shift·s_out), each
    /// through QuantizeMultiplierSmallerThanOneExp (which must see a value in (0, 1) and give a
    /// shift ≤ 0, or TFLite aborts); the fused activation as a clamp. Shapes broadcast as
    /// TFLite's BroadcastAdd6DSlow.
    mutating func lowerAdd(_ context: OperatorContext, activation: Activation) throws(FormatError) {
        let operands = try binaryOperands(context, allowInt16: true)
        let s1 = operands.q1.scale
        let s2 = operands.q2.scale
        let so = operands.qOut.scale
        let leftShift: Int32 = operands.precision == .int16 ? 15 : 20
        let twiceMaxInputScale = 2 * Double(max(s1, s2))
        let input1 = try multiplierSmallerThanOne(Double(s1) / twiceMaxInputScale, "input 1", context)
        let input2 = try multiplierSmallerThanOne(Double(s2) / twiceMaxInputScale, "input 2", context)
        let output = try multiplierSmallerThanOne(
            twiceMaxInputScale / (Double(1 << leftShift) * Double(so)), "output", context)
        let clamp = try binaryActivationRange(activation, operands.qOut, context, precision: operands.precision)
        var options = OptionSlots<AddOptions>()
        options[.input1Offset] = -Int32(operands.q1.zeroPoint)
        options[.input2Offset] = -Int32(operands.q2.zeroPoint)
        options[.outputOffset] = Int32(operands.qOut.zeroPoint)
        options[.leftShift] = leftShift
        options[.input1Multiplier] = input1.multiplier
        options[.input1Shift] = input1.shift
        options[.input2Multiplier] = input2.multiplier
        options[.input2Shift] = input2.shift
        options[.outputMultiplier] = output.multiplier
        options[.outputShift] = output.shift
        options[.activationMin] = clamp.min
        options[.activationMax] = clamp.max
        try emit(.add, context, inputs: [operands.input1, operands.input2],
                 outputs: [operands.output], options: options.values)
    }

    // MARK: - Shared by ADD, SUB and MUL

    /// The operands of an int8 (or 16x8) binary element-wise operator with their per-tensor
    /// quantization.
    struct BinaryOperands {
        let input1: Int
        let input2: Int
        let output: Int
        let q1: Quantization
        let q2: Quantization
        let qOut: Quantization
        let precision: ActivationPrecision
    }

    /// Two int8 inputs and an int8 output whose shape is the inputs' broadcast shape; zero
    /// points in int8 range (TFLite's CheckArithmeticParams). With `allowInt16`, all three
    /// may instead be int16 with zero points 0 (16x8).
    func binaryOperands(_ context: OperatorContext, allowInt16: Bool = false) throws(FormatError) -> BinaryOperands {
        let input1 = try context.input(0)
        let input2 = try context.input(1)
        let output = try context.output(0)
        let precision: ActivationPrecision = allowInt16 && tensor(input1).type == .int16 ? .int16 : .int8
        for (index, role) in [(input1, "input 1"), (input2, "input 2"), (output, "output")] {
            let t = tensor(index)
            guard t.type == precision.activationType else {
                let supported = allowInt16 ? "int8, or int16 for all three operands (16x8)" : "only int8"
                throw context.error("\(role) '\(t.name)' is \(t.type); \(supported) is supported")
            }
            guard t.shape.count <= FormatSpec.maxRank, t.shape.allSatisfy({ $0 > 0 }) else {
                throw context.error("\(role) '\(t.name)' has shape \(t.shape), expected at most \(FormatSpec.maxRank) positive dimensions")
            }
        }
        let shape1 = tensor(input1).shape
        let shape2 = tensor(input2).shape
        guard let expected = Self.broadcastShape(shape1, shape2) else {
            throw context.error("input shapes \(shape1) and \(shape2) do not broadcast")
        }
        guard tensor(output).shape == expected else {
            throw context.error("output shape \(tensor(output).shape) disagrees with the broadcast shape \(expected) of \(shape1) and \(shape2)")
        }
        var qs: [Quantization] = []
        for (index, role) in [(input1, "input 1"), (input2, "input 2"), (output, "output")] {
            let q = try quantization(index, context)
            guard !q.isPerChannel else {
                throw context.error("\(role) '\(tensor(index).name)' is quantized per channel; only per-tensor is supported")
            }
            guard q.scale > 0, q.scale.isFinite else {
                throw context.error("\(role) '\(tensor(index).name)' has scale \(q.scale); expected a positive finite scale")
            }
            switch precision {
            case .int8:
                guard (-128...127).contains(q.zeroPoint) else {
                    throw context.error("\(role) '\(tensor(index).name)' has zero point \(q.zeroPoint); expected an int8 zero point")
                }
            case .int16:
                guard q.zeroPoint == 0 else {
                    throw context.error("\(role) '\(tensor(index).name)' has zero point \(q.zeroPoint); int16 (16x8) activations must be symmetric (zero point 0)")
                }
            }
            qs.append(q)
        }
        return BinaryOperands(input1: input1, input2: input2, output: output,
                              q1: qs[0], q2: qs[1], qOut: qs[2], precision: precision)
    }

    /// The NumPy/TFLite broadcast of two shapes (left-padded with 1s), or nil.
    static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var shape: [Int] = []
        for axis in 0..<rank {
            let x = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
            let y = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
            if x == y || y == 1 {
                shape.append(x)
            } else if x == 1 {
                shape.append(y)
            } else {
                return nil
            }
        }
        return shape
    }

    /// The clamp of a fused activation, refused when it leaves no int8 (int16) value.
    func binaryActivationRange(_ activation: Activation, _ q: Quantization, _ context: OperatorContext,
                               precision: ActivationPrecision = .int8) throws(FormatError) -> (min: Int32, max: Int32) {
        let clamp = activationRange(activation, scale: q.scale, zeroPoint: q.zeroPoint,
                                    qmin: precision.range.lowerBound, qmax: precision.range.upperBound)
        guard clamp.min <= clamp.max else {
            throw context.error("fused \(activation) gives an empty \(precision.activationType) range [\(clamp.min), \(clamp.max)] for output scale \(q.scale), zero point \(q.zeroPoint)")
        }
        return clamp
    }

    /// TFLite's QuantizeMultiplierSmallerThanOneExp: QuantizeMultiplier of a value in (0, 1)
    /// whose shift comes out ≤ 0. TFLite aborts otherwise; we refuse the model. (ADD, SUB.)
    func multiplierSmallerThanOne(_ real: Double, _ role: String, _ context: OperatorContext,
                                  operatorName: String = "ADD") throws(FormatError) -> QuantizedMultiplier {
        let q = QuantizedMultiplier(real)
        guard real > 0, real < 1, q.shift <= 0 else {
            throw context.error("the \(role) rescale factor \(real) is not in (0, 1); TFLite's \(operatorName) cannot represent it (check the tensors' scales)")
        }
        return q
    }
}
