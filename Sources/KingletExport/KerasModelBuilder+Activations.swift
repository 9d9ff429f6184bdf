import KingletIO
import KingletIR

extension KerasModelBuilder {
    /// The Keras activation name of a fused activation; nil for RELU_N1_TO_1, which Keras
    /// has no name for.
    static func kerasActivation(_ activation: Activation) -> String? {
        switch activation {
        case .none: "linear"
        case .relu: "relu"
        case .relu6: "relu6"
        case .reluN1To1: nil
        }
    }

    /// After a layer whose `activation` option took `kerasActivation(activation)`: the layers
    /// for an activation it could not take.
    mutating func activatedUnlessKerasCan(_ layer: Int, _ activation: Activation) throws(ExportError) -> Int {
        Self.kerasActivation(activation) == nil ? try activated(layer, activation) : layer
    }

    /// `layer` followed by the layers computing a fused activation (for layers that have no
    /// `activation` option: pooling, merging, Rescaling).
    mutating func activated(_ layer: Int, _ activation: Activation) throws(ExportError) -> Int {
        let shape = shape(ofLayer: layer)
        switch activation {
        case .none:
            return layer
        case .relu, .relu6:
            return addStep("Activation", suffix: activation.rawValue,
                           options: ["activation": .string(activation.rawValue)], inputs: [layer], shape: shape)
        case .reluN1To1:
            // clamp(x, −1, 1) = ReLU(max_value=2)(x + 1) − 1: Keras's ReLU clamps only from 0.
            let shifted = addStep("Rescaling", suffix: "relu_n1_to_1_shift",
                                  options: ["scale": .number(1), "offset": .number(1)], inputs: [layer], shape: shape)
            let clamped = addStep("ReLU", suffix: "relu_n1_to_1",
                                  options: ["max_value": .number(2), "negative_slope": .number(0), "threshold": .number(0)],
                                  inputs: [shifted], shape: shape)
            return addStep("Rescaling", suffix: "relu_n1_to_1_unshift",
                           options: ["scale": .number(1), "offset": .number(-1)], inputs: [clamped], shape: shape)
        }
    }

    /// Elementwise activation operators → Activation, ReLU, LeakyReLU, ELU or Softmax layers.
    mutating func activationOperator(_ op: Operator) throws(ExportError) -> Int {
        let x = try source(op, 0)
        let shape = shape(ofLayer: x)
        func activation(_ name: String) -> Int {
            addStep("Activation", options: ["activation": .string(name)], inputs: [x], shape: shape)
        }
        switch op.kind {
        case .logistic: return activation("sigmoid")
        case .tanh: return activation("tanh")
        case .relu: return activation("relu")
        case .relu6: return activation("relu6")
        case .hardSwish: return activation("hard_silu")
        case .softplus: return activation("softplus")
        case .exp: return activation("exponential")
        case .gelu(let approximate):
            // Keras's "gelu" activation is the exact erf form; the tanh form has no layer.
            guard !approximate else { throw refuse("the tanh approximation of GELU (Keras's Activation('gelu') is the exact form)") }
            return activation("gelu")
        case .softmax(let beta):
            guard beta == 1 else { throw refuse("beta \(beta) (Keras's Softmax has beta 1)") }
            return addStep("Softmax", options: ["axis": .integer(-1)], inputs: [x], shape: shape)
        case .leakyRelu(let alpha):
            return addStep("LeakyReLU", options: ["negative_slope": Self.number(alpha)], inputs: [x], shape: shape)
        case .elu(let alpha):
            return addStep("ELU", options: ["alpha": Self.number(alpha)], inputs: [x], shape: shape)
        case .clampedRelu(let maxValue, let negativeSlope, let threshold):
            return addStep("ReLU", options: ["max_value": maxValue.map(Self.number) ?? .null,
                                             "negative_slope": Self.number(negativeSlope),
                                             "threshold": Self.number(threshold)],
                           inputs: [x], shape: shape)
        case .hardSigmoid(let slope, let offset):
            // Keras 3's hard_sigmoid is relu6(x + 3) / 6; another line (Keras 2's 0.2·x + 0.5)
            // becomes Rescaling(slope, offset) then a clamp to [0, 1].
            if slope == Float(1.0 / 6.0) && offset == 0.5 { return activation("hard_sigmoid") }
            let line = addStep("Rescaling", suffix: "line", options: ["scale": Self.number(slope), "offset": Self.number(offset)],
                               inputs: [x], shape: shape)
            return addStep("ReLU", options: ["max_value": .number(1), "negative_slope": .number(0), "threshold": .number(0)],
                           inputs: [line], shape: shape)
        default:
            throw refuse("is not an activation")
        }
    }
}
