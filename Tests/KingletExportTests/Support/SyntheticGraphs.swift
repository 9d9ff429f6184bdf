import KingletIR

/// Small graphs with what no fixture model holds after import or canonicalization: input
/// normalizations, grouped and transposed convolutions with odd sizes, fused RELU_N1_TO_1,
/// Keras 2's hard sigmoid, constants on MAXIMUM and MINIMUM, names with "/".
enum SyntheticGraphs {
    struct Builder {
        var graph = Graph()

        mutating func input(_ name: String, _ shape: [Int], normalization: InputNormalization? = nil) -> Int {
            var tensor = Tensor(name: name, type: .float32, shape: shape)
            tensor.normalization = normalization
            let index = graph.add(tensor)
            graph.inputs.append(index)
            return index
        }

        /// A float constant of deterministic values in about [−1, 1].
        mutating func constant(_ name: String, _ shape: [Int], step: Int = 37, modulus: Int = 23) -> Int {
            let count = shape.reduce(1, *)
            let values = (0..<count).map { i in (Float((i * step) % modulus) + 0.5) / Float(modulus) * 2 - 1 }
            return graph.add(Tensor(name: name, shape: shape, floats: values))
        }

        mutating func constant(_ name: String, _ shape: [Int], values: [Float]) -> Int {
            graph.add(Tensor(name: name, shape: shape, floats: values))
        }

        mutating func integers(_ name: String, _ values: [Int]) -> Int {
            graph.add(Tensor(name: name, shape: [values.count], int32s: values.map(Int32.init)))
        }

        mutating func apply(_ kind: OperatorKind, _ inputs: [Int], _ name: String, _ shape: [Int]) -> Int {
            let output = graph.add(Tensor(name: name, type: .float32, shape: shape))
            graph.operators.append(Operator(kind: kind, inputs: inputs, outputs: [output], name: name))
            return output
        }
    }

    static func conv(stride: Int = 1, padding: Padding = .same, activation: Activation = .none) -> Conv2DAttributes {
        Conv2DAttributes(strideH: stride, strideW: stride, padding: padding, activation: activation)
    }

    /// (label, graph): each graph verified by the tests that use it.
    static var all: [(String, Graph)] {
        [("synthetic.normalized_mlp", normalizedMLP), ("synthetic.normalized_image", normalizedImage),
         ("synthetic.convolutions", convolutions), ("synthetic.clamps", clamps)]
    }

    /// What only Keras checks: the Keras importer takes no grouped Conv2D.
    static var kerasOnly: [(String, Graph)] {
        [("synthetic.grouped_conv", groupedConvolution)]
    }

    /// Input normalization with positive multipliers (a Normalization layer), Dense with
    /// RELU and RELU_N1_TO_1 fused, a low-rank style name with "/".
    static var normalizedMLP: Graph {
        var b = Builder()
        let x = b.input("features", [1, 4], normalization: InputNormalization(shifts: [1, -2, 0.5, 3],
                                                                             multipliers: [0.5, 2, 4, 0.25]))
        let w1 = b.constant("fc1/kernel", [3, 4]), b1 = b.constant("fc1/bias", [3], step: 5)
        let h = b.apply(.fullyConnected(activation: .relu, keepNumDims: false), [x, w1, b1], "fc1/low_rank", [1, 3])
        let w2 = b.constant("fc2/kernel", [5, 3], step: 11), b2 = b.constant("fc2/bias", [5], step: 7)
        let y = b.apply(.fullyConnected(activation: .reluN1To1, keepNumDims: false), [h, w2, b2], "fc2", [1, 5])
        b.graph.outputs = [y]
        return b.graph
    }

    /// Input normalization with a negative multiplier (Rescaling), MEAN over the channels,
    /// REDUCE_MAX over height, SQUEEZE.
    static var normalizedImage: Graph {
        var b = Builder()
        let x = b.input("image", [1, 4, 5, 3], normalization: InputNormalization(shifts: [0.5, 0, -1],
                                                                                multipliers: [-2, 1.5, 0.125]))
        let f = b.constant("conv/kernel", [4, 1, 1, 3])
        let c = b.apply(.conv2D(conv(activation: .relu6)), [x, f, -1], "conv", [1, 4, 5, 4])
        let mean = b.apply(.mean(keepDims: true), [c, b.integers("axes", [3])], "channel_mean", [1, 4, 5, 1])
        let peak = b.apply(.reduceMax(keepDims: false), [c, b.integers("axes2", [1])], "height_max", [1, 5, 4])
        let squeezed = b.apply(.squeeze(axes: [3]), [mean], "squeeze", [1, 4, 5])
        b.graph.outputs = [squeezed, peak]
        return b.graph
    }

    /// A grouped CONV_2D: a filter of depth 2 on 4 channels is Conv2D(groups=2).
    static var groupedConvolution: Graph {
        var b = Builder()
        let x = b.input("x", [1, 5, 5, 4])
        let grouped = b.apply(.conv2D(conv(activation: .relu)), [x, b.constant("grouped/kernel", [6, 3, 3, 2]),
                                                                 b.constant("grouped/bias", [6], step: 3)],
                              "grouped", [1, 5, 5, 6])
        b.graph.outputs = [grouped]
        return b.graph
    }

    /// A strided CONV_2D, a TRANSPOSE_CONV whose output needs Keras's output_padding, a pool
    /// with a fused activation, CONCATENATION with RELU_N1_TO_1.
    static var convolutions: Graph {
        var b = Builder()
        let x = b.input("x", [1, 5, 5, 4])
        let grouped = b.apply(.conv2D(conv(activation: .relu)), [x, b.constant("conv/kernel", [6, 3, 3, 4]),
                                                                 b.constant("conv/bias", [6], step: 3)],
                              "conv", [1, 5, 5, 6])
        let up = b.apply(.transposeConv2D(conv(stride: 2)), [grouped, b.constant("up/kernel", [2, 3, 3, 6], step: 13),
                                                              b.constant("up/bias", [2], step: 1)],
                         "up", [1, 9, 9, 2])
        let pooled = b.apply(.averagePool2D(Pool2DAttributes(filterH: 2, filterW: 2, strideH: 2, strideW: 2, padding: .same,
                                                             activation: .relu6)),
                             [up], "pool", [1, 5, 5, 2])
        let joined = b.apply(.concatenation(axis: 3, activation: .reluN1To1), [pooled, grouped], "join", [1, 5, 5, 8])
        b.graph.outputs = [joined]
        return b.graph
    }

    /// Keras 2's hard sigmoid (0.2·x + 0.5), MAXIMUM with a per-channel constant, MINIMUM
    /// with a scalar first, SUB from a constant, MUL with RELU fused, CLAMPED_RELU, and the
    /// input itself as a second output (through IDENTITY).
    static var clamps: Graph {
        var b = Builder()
        let x = b.input("x", [1, 2, 3])
        let hard = b.apply(.hardSigmoid(slope: 0.2, offset: 0.5), [x], "hard", [1, 2, 3])
        let floor = b.apply(.maximum, [x, b.constant("floor", [3], values: [-0.5, 0, 0.25])], "floor", [1, 2, 3])
        let ceiling = b.apply(.minimum, [b.constant("ceiling", [1], values: [0.75]), floor], "ceiling", [1, 2, 3])
        let flipped = b.apply(.sub(activation: .none), [b.constant("one", [1], values: [1]), ceiling], "flip", [1, 2, 3])
        let scaled = b.apply(.mul(activation: .relu), [flipped, b.constant("scale", [1, 1, 3], values: [2, -1, 0.5])],
                             "scale", [1, 2, 3])
        let clamped = b.apply(.clampedRelu(maxValue: 1.5, negativeSlope: 0.1, threshold: 0.25), [scaled], "clamp", [1, 2, 3])
        let sum = b.apply(.add(activation: .none), [clamped, hard], "sum", [1, 2, 3])
        // An output that is the model input itself needs a layer of its own in Keras.
        let echo = b.apply(.identity, [x], "echo", [1, 2, 3])
        b.graph.outputs = [sum, echo]
        return b.graph
    }

    /// Deterministic sample inputs for `graph`: values in about [−2, 2].
    static func samples(_ graph: Graph, count: Int = 2) -> [[[Float]]] {
        (0..<count).map { sample in
            graph.inputs.enumerated().map { position, input in
                (0..<graph.tensors[input].elementCount).map { i in
                    Float(((i + 1) * (7 + 2 * sample + position)) % 29) / 7 - 2
                }
            }
        }
    }
}
