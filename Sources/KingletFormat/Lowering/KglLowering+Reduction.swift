import KingletIR

extension KglLowering {
    /// The axis mask and reduced element count of a reduction (MEAN, REDUCE_MAX) over int8
    /// tensors: axes from a constant int32 input (negative ones count from the end;
    /// duplicates are ignored); the output shape must be the input's reduced over them,
    /// kept as 1s when `keepDims`.
    func reductionMask(_ context: OperatorContext, input inputIndex: Int, axes axesIndex: Int,
                       output outputIndex: Int, keepDims: Bool) throws(FormatError) -> (mask: Int32, count: Int) {
        let input = tensor(inputIndex)
        let output = tensor(outputIndex)
        for (t, role) in [(input, "input"), (output, "output")] {
            guard t.type == .int8 else {
                throw context.error("\(role) '\(t.name)' is \(t.type); only int8 is supported")
            }
            guard t.shape.count <= FormatSpec.maxRank, t.shape.allSatisfy({ $0 > 0 }) else {
                throw context.error("\(role) '\(t.name)' has shape \(t.shape), expected at most \(FormatSpec.maxRank) positive dimensions")
            }
        }
        let axesTensor = tensor(axesIndex)
        guard axesTensor.type == .int32, let axes = axesTensor.int32Values else {
            throw context.error("axes '\(axesTensor.name)' must be a constant int32 tensor (TFLite Micro requires int32)")
        }
        let rank = input.shape.count
        var mask: Int32 = 0
        for axis in axes {
            let resolved = axis < 0 ? Int(axis) + rank : Int(axis)
            guard resolved >= 0, resolved < rank else {
                throw context.error("axis \(axis) is out of range for input rank \(rank)")
            }
            mask |= 1 << Int32(resolved)
        }
        var expected: [Int] = []
        var count = 1
        for axis in 0..<rank {
            if mask & (1 << Int32(axis)) != 0 {
                count *= input.shape[axis]
                if keepDims { expected.append(1) }
            } else {
                expected.append(input.shape[axis])
            }
        }
        guard output.shape == expected else {
            throw context.error("output shape \(output.shape) disagrees with \(expected), the input \(input.shape) reduced over axes \(axes)\(keepDims ? " keeping dims" : "")")
        }
        return (mask, count)
    }
}
