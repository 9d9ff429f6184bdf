import KingletIR
import KingletPasses
import Testing

/// Builds small float graphs for the pass tests, tensor by tensor and operator by operator.
struct GraphBuilder {
    var graph = Graph()

    /// A float32 model input.
    @discardableResult
    mutating func input(_ name: String, _ shape: [Int]) -> Int {
        let index = graph.add(Tensor(name: name, type: .float32, shape: shape))
        graph.inputs.append(index)
        return index
    }

    /// A float32 activation tensor (written by an operator).
    mutating func tensor(_ name: String, _ shape: [Int]) -> Int {
        graph.add(Tensor(name: name, type: .float32, shape: shape))
    }

    /// A float32 constant.
    mutating func constant(_ name: String, _ shape: [Int], _ values: [Float]) -> Int {
        graph.add(Tensor(name: name, shape: shape, floats: values))
    }

    /// A float32 constant of `count` distinct values, `start`, `start + step`, …
    mutating func ramp(_ name: String, _ shape: [Int], start: Float = 0.25, step: Float = 0.125) -> Int {
        let count = shape.reduce(1, *)
        return constant(name, shape, (0..<count).map { start + step * Float($0) })
    }

    mutating func op(_ kind: OperatorKind, _ inputs: [Int], _ outputs: [Int], name: String = "") {
        graph.operators.append(Operator(kind: kind, inputs: inputs, outputs: outputs, name: name))
    }

    /// Adds an operator writing a new tensor `name` shaped `shape`, and returns that tensor.
    @discardableResult
    mutating func apply(_ kind: OperatorKind, _ inputs: [Int], _ name: String, _ shape: [Int]) -> Int {
        let output = tensor(name, shape)
        op(kind, inputs, [output], name: name)
        return output
    }

    /// A BATCH_NORMALIZATION with constant parameters (gamma or beta nil: absent, -1).
    @discardableResult
    mutating func batchNorm(_ x: Int, _ name: String, gamma: [Float]?, beta: [Float]?,
                            mean: [Float], variance: [Float], epsilon: Float = 0.001) -> Int {
        let c = mean.count
        let g = gamma.map { constant("\(name)/gamma", [c], $0) } ?? -1
        let b = beta.map { constant("\(name)/beta", [c], $0) } ?? -1
        let m = constant("\(name)/moving_mean", [c], mean)
        let v = constant("\(name)/moving_variance", [c], variance)
        return apply(.batchNormalization(epsilon: epsilon), [x, g, b, m, v], name, graph.tensors[x].shape)
    }

    mutating func output(_ index: Int) { graph.outputs.append(index) }

    /// The graph, checked by `Graph.verify()`.
    func build() throws -> Graph {
        try graph.verify()
        return graph
    }
}

/// Attribute shorthands.
enum Attr {
    static func conv(stride: Int = 1, dilation: Int = 1, padding: Padding = .valid,
                     activation: Activation = .none, depthMultiplier: Int = 1) -> Conv2DAttributes {
        Conv2DAttributes(strideH: stride, strideW: stride, dilationH: dilation, dilationW: dilation,
                         padding: padding, activation: activation, depthMultiplier: depthMultiplier)
    }

    static func pool(activation: Activation = .none) -> Pool2DAttributes {
        Pool2DAttributes(filterH: 2, filterW: 2, strideH: 2, strideW: 2, padding: .valid,
                         activation: activation)
    }
}

extension Graph {
    /// The operators' kind names, in order.
    var kindNames: [String] { operators.map(\.kind.name) }

    /// The index of the tensor named `name` (expected to be unique).
    func tensor(named name: String) -> Int? {
        let matches = tensors.indices.filter { tensors[$0].name == name }
        return matches.count == 1 ? matches[0] : nil
    }

    /// The values of constant `index`, as Double.
    func values(_ index: Int) -> [Double] {
        (tensors[index].floatValues ?? []).map(Double.init)
    }

    /// Runs `passes` through a `Pipeline` (which verifies the graph after each one).
    mutating func run(_ passes: any GraphPass...) throws {
        try Pipeline(passes).run(&self)
    }
}

/// Whether `actual` matches `expected` to Float precision, element by element.
func close(_ actual: [Double], _ expected: [Double], tolerance: Double = 2e-6) -> Bool {
    actual.count == expected.count && zip(actual, expected).allSatisfy { a, e in
        abs(a - e) <= tolerance * max(1, abs(e))
    }
}

/// Batch normalization's affine form, written out here independently of the pass.
enum BatchNormReference {
    static func scale(gamma: Double, variance: Double, epsilon: Float = 0.001) -> Double {
        gamma / (variance + Double(epsilon)).squareRoot()
    }

    /// BN(x) for one value of channel c: (x − mean) / sqrt(var + ε) · gamma + beta.
    static func apply(_ x: Double, gamma: Double, beta: Double, mean: Double, variance: Double,
                      epsilon: Float = 0.001) -> Double {
        (x - mean) / (variance + Double(epsilon)).squareRoot() * gamma + beta
    }
}

/// `count` input values spread over about [−1, 1.5], positive and negative.
func sampleInput(count: Int) -> [Double] {
    (0..<count).map { (i: Int) -> Double in
        let step = Double((i * 7) % 11)
        return step / 4 - 1
    }
}
