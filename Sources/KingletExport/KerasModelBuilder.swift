import KingletIO
import KingletIR

/// Translates a float IR graph into the layers of a Keras Functional model, operator by
/// operator: the inverse of the Keras importer. Each operator becomes one layer, or a short
/// chain where Keras has no single layer for it (a fused activation Keras layers lack, a
/// flatten in front of a Dense). Shapes carry the batch axis of 1 first, as in the IR.
struct KerasModelBuilder {
    let graph: Graph
    private(set) var layers: [ExportedLayer] = []
    private var names = KerasLayerNames()
    /// IR tensor → the layer whose output holds its values.
    private var producers: [Int: Int] = [:]
    private(set) var inputLayers: [Int] = []
    private(set) var outputLayers: [Int] = []
    /// The operator being translated, for messages.
    private var current: (index: Int, op: Operator)?

    init(graph: Graph) {
        self.graph = graph
    }

    // MARK: Graph

    mutating func build() throws(ExportError) {
        try checkTensors()
        for input in graph.inputs {
            let tensor = graph.tensors[input]
            let layer = addLayer("InputLayer", name: tensor.name, fallback: "input",
                                 options: ["batch_shape": Self.kerasShape(tensor.shape), "dtype": .string("float32"),
                                           "sparse": .bool(false)],
                                 inputs: [], shape: tensor.shape)
            inputLayers.append(layer)
            producers[input] = try normalized(layer, tensor)
        }
        for (index, op) in graph.operators.enumerated() {
            current = (index, op)
            try translate(op)
        }
        current = nil
        for output in graph.outputs {
            guard let layer = producers[output] else {
                throw .unsupportedGraph(reason: "model output '\(graph.tensors[output].name)' is a constant; Keras outputs are computed")
            }
            outputLayers.append(layer)
        }
    }

    /// Keras models here compute in float32: every tensor an operator reads or writes, other
    /// than integer shape and axis operands, must be float32 and unquantized.
    private func checkTensors() throws(ExportError) {
        do {
            try graph.verify()
        } catch {
            throw .invalidGraph(reason: error.description)
        }
        guard !graph.inputs.isEmpty, !graph.outputs.isEmpty else {
            throw .unsupportedGraph(reason: "the graph needs at least one input and one output")
        }
        for input in graph.inputs {
            let tensor = graph.tensors[input]
            guard tensor.type == .float32, tensor.quantization == nil, !tensor.isConstant else {
                throw .unsupportedGraph(reason: "model input '\(tensor.name)' is \(tensor.quantization == nil ? "" : "quantized ")\(tensor.type)\(tensor.isConstant ? " constant" : ""); only float32 graphs can be exported (export the model before quantizing it)")
            }
            guard tensor.shape.count >= 2, tensor.shape[0] == 1 else {
                throw .unsupportedGraph(reason: "model input '\(tensor.name)' has shape \(tensor.shape); expected a batch axis of 1 followed by at least one axis")
            }
        }
        for (index, op) in graph.operators.enumerated() {
            for output in op.outputs {
                let tensor = graph.tensors[output]
                guard tensor.type == .float32, tensor.quantization == nil else {
                    throw ExportError.unsupportedOperator(
                        index: index, kind: op.kind.name, layer: op.name,
                        reason: "writes a \(tensor.quantization == nil ? "" : "quantized ")\(tensor.type) tensor '\(tensor.name)'; only float32 graphs can be exported")
                }
            }
        }
    }

    // MARK: Layers

    /// Appends a layer named after `name` (made valid and unique); returns its index.
    mutating func addLayer(_ className: String, name: String, fallback: String, options: [String: JSONValue] = [:],
                           inputs: [Int], takesList: Bool = false, variables: [ExportedVariable] = [],
                           shape: [Int]) -> Int {
        let unique = names.claim(name, fallback: fallback)
        layers.append(ExportedLayer(className: className, name: unique, options: options, inputs: inputs,
                                    takesList: takesList, variables: variables, shape: shape))
        return layers.count - 1
    }

    /// Appends a layer computing the current operator (or one step of it): named after the
    /// operator, with `suffix` for the steps after its first layer.
    mutating func addStep(_ className: String, suffix: String? = nil, options: [String: JSONValue] = [:],
                          inputs: [Int], takesList: Bool = false, variables: [ExportedVariable] = [],
                          shape: [Int]) -> Int {
        let op = current?.op
        let kind = op.map { $0.kind.name.lowercased() } ?? "layer"
        let base = (op?.name).flatMap { $0.isEmpty ? nil : $0 } ?? kind
        let name = suffix.map { "\(base)_\($0)" } ?? base
        return addLayer(className, name: name, fallback: kind, options: options, inputs: inputs,
                        takesList: takesList, variables: variables, shape: shape)
    }

    func shape(ofLayer layer: Int) -> [Int] { layers[layer].shape }

    // MARK: Operands

    /// An error about the operator being translated.
    func refuse(_ reason: String) -> ExportError {
        guard let (index, op) = current else { return .unsupportedGraph(reason: reason) }
        return .unsupportedOperator(index: index, kind: op.kind.name, layer: op.name, reason: reason)
    }

    func tensorLabel(_ tensor: Int) -> String { "tensor \(tensor) '\(graph.tensors[tensor].name)'" }

    /// The operand at `position`, or nil when it is absent (-1 or past the end).
    func operand(_ op: Operator, _ position: Int) -> Int? {
        op.inputs.indices.contains(position) && op.inputs[position] >= 0 ? op.inputs[position] : nil
    }

    func shape(_ tensor: Int) -> [Int] { graph.tensors[tensor].shape }

    func isConstant(_ tensor: Int) -> Bool { graph.tensors[tensor].isConstant }

    /// The layer whose output holds the activation operand at `position`.
    func source(_ op: Operator, _ position: Int) throws(ExportError) -> Int {
        guard let tensor = operand(op, position) else { throw refuse("operand \(position) is missing") }
        guard let layer = producers[tensor] else {
            throw refuse(isConstant(tensor)
                ? "operand \(position) (\(tensorLabel(tensor))) is a constant where Keras needs a computed tensor"
                : "operand \(position) (\(tensorLabel(tensor))) is computed by nothing that was exported before it")
        }
        return layer
    }

    /// The float32 constant at `position` (weights, bias, alpha, …).
    func floatConstant(_ op: Operator, _ position: Int, _ role: String) throws(ExportError) -> (values: [Float], shape: [Int]) {
        guard let tensor = operand(op, position) else { throw refuse("the \(role) (operand \(position)) is missing") }
        guard let values = graph.tensors[tensor].floatValues, graph.tensors[tensor].quantization == nil else {
            throw refuse("the \(role) (\(tensorLabel(tensor))) must be a float32 constant to become layer weights")
        }
        return (values, shape(tensor))
    }

    /// The float32 constant at `position`, or nil when the operand is absent.
    func optionalFloatConstant(_ op: Operator, _ position: Int, _ role: String) throws(ExportError) -> [Float]? {
        guard operand(op, position) != nil else { return nil }
        return try floatConstant(op, position, role).values
    }

    /// The int32/int64 constant at `position` (paddings, axes, permutations).
    func integerConstant(_ op: Operator, _ position: Int, _ role: String) throws(ExportError) -> [Int] {
        guard let tensor = operand(op, position), let values = graph.tensors[tensor].integerValues else {
            throw refuse("the \(role) (operand \(position)) must be an integer constant")
        }
        return values
    }

    // MARK: Operators

    private mutating func translate(_ op: Operator) throws(ExportError) {
        guard let outputTensor = op.outputs.first, op.outputs.count == 1 else {
            throw refuse("has \(op.outputs.count) outputs; exported layers have one")
        }
        let outputShape = shape(outputTensor)
        guard outputShape.count >= 2, outputShape[0] == 1 else {
            throw refuse("writes shape \(outputShape); Keras layers keep a batch axis (size 1 here) in front of at least one other axis")
        }
        let layer: Int
        switch op.kind {
        case .conv2D(let attributes): layer = try conv2D(op, attributes)
        case .depthwiseConv2D(let attributes): layer = try depthwiseConv2D(op, attributes)
        case .separableConv2D(let attributes): layer = try separableConv2D(op, attributes)
        case .transposeConv2D(let attributes): layer = try transposeConv2D(op, attributes)
        case .fullyConnected(let activation, let keepNumDims): layer = try dense(op, activation: activation, keepNumDims: keepNumDims)
        case .averagePool2D(let attributes): layer = try pool2D(op, "AveragePooling2D", attributes)
        case .maxPool2D(let attributes): layer = try pool2D(op, "MaxPooling2D", attributes)
        case .mean(let keepDims): layer = try reduction(op, average: true, keepDims: keepDims)
        case .reduceMax(let keepDims): layer = try reduction(op, average: false, keepDims: keepDims)
        case .add(let activation): layer = try arithmetic(op, .add, activation: activation)
        case .sub(let activation): layer = try arithmetic(op, .sub, activation: activation)
        case .mul(let activation): layer = try arithmetic(op, .mul, activation: activation)
        case .maximum: layer = try arithmetic(op, .maximum, activation: .none)
        case .minimum: layer = try arithmetic(op, .minimum, activation: .none)
        case .prelu: layer = try prelu(op)
        case .reshape, .squeeze: layer = try reshape(op)
        case .transpose: layer = try permute(op)
        case .pad: layer = try zeroPadding(op)
        case .slice: layer = try cropping(op)
        case .resizeNearestNeighbor: layer = try upSampling(op)
        case .concatenation(let axis, let activation): layer = try concatenate(op, axis: axis, activation: activation)
        case .identity: layer = try identity(op)
        case .batchNormalization(let epsilon): layer = try batchNormalization(op, epsilon: epsilon)
        case .layerNormalization(let axes, let epsilon): layer = try layerNormalization(op, axes: axes, epsilon: epsilon)
        case .softmax, .logistic, .tanh, .relu, .relu6, .leakyRelu, .hardSwish, .elu, .gelu, .softplus, .exp,
             .hardSigmoid, .clampedRelu:
            layer = try activationOperator(op)
        case .quantize, .dequantize, .shape, .stridedSlice, .pack:
            throw refuse("no Keras layer computes \(op.kind.name) (exported operators: \(KerasExporter.supportedOperators.joined(separator: ", ")))")
        }
        guard layers[layer].shape == outputShape else {
            throw refuse("the Keras layers compute shape \(layers[layer].shape) but the graph says \(outputShape)")
        }
        producers[outputTensor] = layer
    }

    /// IDENTITY computes nothing: its output is its input's layer, unless that would make a
    /// model output an input or another output, which Keras models do not repeat.
    private mutating func identity(_ op: Operator) throws(ExportError) -> Int {
        let x = try source(op, 0)
        let isOutput = graph.outputs.contains(op.outputs[0])
        let sourceIsOutput = operand(op, 0).map { graph.outputs.contains($0) } ?? false
        guard isOutput, layers[x].isInput || sourceIsOutput else { return x }
        return addStep("Identity", inputs: [x], shape: shape(ofLayer: x))
    }

    // MARK: JSON helpers

    /// A Keras shape: `null` for the batch axis, then the other dimensions.
    static func kerasShape(_ shape: [Int]) -> JSONValue {
        .array([.null] + shape.dropFirst().map { .integer($0) })
    }

    static func integers(_ values: [Int]) -> JSONValue { .array(values.map { .integer($0) }) }

    /// A float32 attribute as the shortest decimal that reads back as the same float32, so
    /// Keras (which parses a Python float and casts it to float32) gets exactly this value.
    static func number(_ value: Float) -> JSONValue {
        .number(Double(value.description) ?? Double(value))
    }

    /// One number when all values are equal, else a list (Rescaling's scale and offset).
    static func numbers(_ values: [Float]) -> JSONValue {
        if let first = values.first, values.allSatisfy({ $0 == first }) { return number(first) }
        return .array(values.map(number))
    }
}
