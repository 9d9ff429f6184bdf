import KingletIO
import KingletIR

extension KerasModelBuilder {
    /// BATCH_NORMALIZATION → BatchNormalization over the last axis; an absent gamma or beta
    /// turns `scale` or `center` off. Variables: gamma, beta, moving_mean, moving_variance.
    mutating func batchNormalization(_ op: Operator, epsilon: Float) throws(ExportError) -> Int {
        let x = try source(op, 0)
        let inputShape = shape(ofLayer: x)
        let channels = inputShape[inputShape.count - 1]
        var variables: [ExportedVariable] = []
        var present: [String: Bool] = [:]
        for (position, role) in [(1, "gamma"), (2, "beta"), (3, "moving mean"), (4, "moving variance")] {
            let values = position <= 2 ? try optionalFloatConstant(op, position, role) : try floatConstant(op, position, role).values
            present[role] = values != nil
            guard let values else { continue }
            guard values.count == channels else {
                throw refuse("the \(role) has \(values.count) values for \(channels) channels")
            }
            variables.append(ExportedVariable(values: values, shape: [channels]))
        }
        guard epsilon >= 0 else { throw refuse("epsilon \(epsilon) is negative") }
        return addStep("BatchNormalization", options: [
            "axis": .integer(-1), "epsilon": Self.number(epsilon), "momentum": .number(0.99),
            "scale": .bool(present["gamma"] == true), "center": .bool(present["beta"] == true),
        ], inputs: [x], variables: variables, shape: inputShape)
    }

    /// LAYER_NORMALIZATION → LayerNormalization over the same (trailing) axes.
    mutating func layerNormalization(_ op: Operator, axes: [Int], epsilon: Float) throws(ExportError) -> Int {
        let x = try source(op, 0)
        let inputShape = shape(ofLayer: x)
        guard !axes.isEmpty, axes.allSatisfy({ $0 >= 1 && $0 < inputShape.count }) else {
            throw refuse("axes \(axes) are not non-batch axes of the rank-\(inputShape.count) input")
        }
        let normalizedShape = axes.map { inputShape[$0] }
        var variables: [ExportedVariable] = []
        var present: [String: Bool] = [:]
        for (position, role) in [(1, "gamma"), (2, "beta")] {
            let values = try optionalFloatConstant(op, position, role)
            present[role] = values != nil
            guard let values else { continue }
            guard values.count == normalizedShape.reduce(1, *) else {
                throw refuse("the \(role) has \(values.count) values for normalized axes of shape \(normalizedShape)")
            }
            variables.append(ExportedVariable(values: values, shape: normalizedShape))
        }
        guard epsilon >= 0 else { throw refuse("epsilon \(epsilon) is negative") }
        return addStep("LayerNormalization", options: [
            "axis": Self.integers(axes), "epsilon": Self.number(epsilon), "rms_scaling": .bool(false),
            "scale": .bool(present["gamma"] == true), "center": .bool(present["beta"] == true),
        ], inputs: [x], variables: variables, shape: inputShape)
    }

    /// A graph input's `InputNormalization` ((x − shift)·multiplier per channel) as the layer
    /// after its InputLayer: Keras's Normalization computes (x − mean) / max(√variance, 1e-7),
    /// so mean = shift and variance = 1/multiplier² reproduce it for positive multipliers up
    /// to 1e7; other multipliers become Rescaling(multiplier, −shift·multiplier).
    mutating func normalized(_ input: Int, _ tensor: Tensor) throws(ExportError) -> Int {
        guard let normalization = tensor.normalization, normalization.channels > 0 else { return input }
        let shape = tensor.shape
        guard normalization.channels == shape.last, normalization.shifts.count == normalization.channels else {
            throw .unsupportedGraph(reason: "model input '\(tensor.name)' of shape \(shape) has an input normalization of \(normalization.channels) channels")
        }
        let fallback = "normalization"
        if normalization.multipliers.allSatisfy({ $0 > 0 && $0 <= 1e7 && $0.isFinite }) {
            let variance = normalization.multipliers.map { multiplier -> JSONValue in
                let deviation = 1 / Double(multiplier)
                return .number(deviation * deviation)
            }
            return addLayer("Normalization", name: "\(tensor.name)_normalization", fallback: fallback, options: [
                "axis": Self.integers([-1]), "invert": .bool(false),
                "mean": .array(normalization.shifts.map(Self.number)), "variance": .array(variance),
            ], inputs: [input], shape: shape)
        }
        let offsets = zip(normalization.shifts, normalization.multipliers).map { -$0 * $1 }
        return addLayer("Rescaling", name: "\(tensor.name)_normalization", fallback: fallback,
                        options: ["scale": Self.numbers(normalization.multipliers), "offset": Self.numbers(offsets)],
                        inputs: [input], shape: shape)
    }
}
