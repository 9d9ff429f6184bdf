import KingletIO
import KingletIR

/// Translates a Keras model config plus its weights into a float32 IR graph, one layer at a
/// time, literally: activations stay separate operators, BatchNormalization stays
/// BATCH_NORMALIZATION, Dropout becomes IDENTITY. Canonicalization passes tidy up after.
/// Tensors carry a leading batch axis of 1.
struct KerasGraphBuilder {
    var graph = Graph()
    let weights: any KerasWeightStore
    let isKeras2: Bool
    /// Nested models deeper than this are refused (a hostile config could recurse forever).
    static let maxNesting = 16

    init(weights: any KerasWeightStore, isKeras2: Bool) {
        self.weights = weights
        self.isKeras2 = isKeras2
    }

    // MARK: Tensors and operators

    func shape(_ tensor: Int) -> [Int] { graph.tensors[tensor].shape }

    mutating func activation(_ name: String, _ shape: [Int]) -> Int {
        graph.add(Tensor(name: name, type: .float32, shape: shape))
    }

    mutating func constant(_ name: String, shape: [Int], floats: [Float]) -> Int {
        graph.add(Tensor(name: name, shape: shape, floats: floats))
    }

    mutating func int32Constant(_ name: String, _ values: [Int]) -> Int {
        graph.add(Tensor(name: name, shape: [values.count], int32s: values.map { Int32(clamping: $0) }))
    }

    /// Appends an operator writing a new float tensor of `shape`; returns that tensor.
    mutating func emit(_ kind: OperatorKind, _ inputs: [Int], shape: [Int], name: String,
                       output: String? = nil) -> Int {
        let tensor = activation(output ?? "\(name)/\(kind.name.lowercased())", shape)
        graph.operators.append(Operator(kind: kind, inputs: inputs, outputs: [tensor], name: name))
        return tensor
    }

    // MARK: Models

    /// Builds the top-level model: its InputLayers become the graph inputs.
    mutating func buildTopLevel(_ config: JSONValue) throws {
        let className = config["class_name"]?.string ?? "?"
        guard config.object != nil, config["class_name"]?.string != nil else {
            throw ImportError.invalid(format: "Keras", location: ["model config"],
                                      reason: "is not a model description (a JSON object with class_name and config)")
        }
        guard ["Sequential", "Functional", "Model"].contains(className) else {
            throw ImportError.unsupported(format: "Keras", location: ["model class '\(className)'"],
                                          reason: "only Sequential and Functional models can be read from their config (a subclassed model has no layer graph; export it as a Functional model)")
        }
        guard config["config"]?["layers"]?.array != nil else {
            throw ImportError.invalid(format: "Keras", location: ["model class '\(className)'"],
                                      reason: "its config has no 'layers' list")
        }
        let outputs = try buildModel(config, path: [], inputs: nil, depth: 0)
        graph.outputs = outputs
        // A model output that is also an input or another output gets its own copy, so every
        // output is a distinct tensor written by an operator.
        var seen = Set(graph.inputs)
        for (i, output) in graph.outputs.enumerated() where !seen.insert(output).inserted {
            graph.outputs[i] = emit(.identity, [output], shape: shape(output), name: "output_\(i)",
                                    output: "\(graph.tensors[output].name):\(i)")
        }
    }

    /// Builds a Sequential or Functional model entry. With `inputs` nil the model's inputs
    /// become graph inputs; otherwise they are bound to the given tensors (nested model).
    mutating func buildModel(_ entry: JSONValue, path: [String], inputs: [Int]?, depth: Int) throws -> [Int] {
        guard depth < Self.maxNesting else {
            throw ImportError.unsupported(format: "Keras", location: path.map { "model '\($0)'" },
                                          reason: "models nested more than \(Self.maxNesting) deep")
        }
        let layerList = entry["config"]?["layers"]?.array ?? []
        let layers = try layerList.enumerated().map { try KerasLayer(entry: $0.element, index: $0.offset) }
        if entry["class_name"]?.string == "Sequential" {
            return try buildSequential(entry, layers: layers, path: path, inputs: inputs, depth: depth)
        }
        return try buildFunctional(entry, layers: layers, path: path, inputs: inputs, depth: depth)
    }

    private mutating func buildSequential(_ entry: JSONValue, layers: [KerasLayer], path: [String],
                                          inputs: [Int]?, depth: Int) throws -> [Int] {
        let modelName = entry["config"]?["name"]?.string ?? "sequential"
        var body = layers
        var current: Int
        let declared: [Int]? = try {
            if let first = layers.first, first.className == "InputLayer" {
                body.removeFirst()
                return try Self.inputShape(of: first)
            }
            if let first = layers.first, let shape = first.config["batch_input_shape"] ?? first.config["batch_shape"] {
                return try Self.shape(shape, at: [first.label])
            }
            if let shape = entry["build_config"]?["input_shape"] ?? entry["config"]?["build_input_shape"], !shape.isNull {
                return try Self.shape(shape, at: ["model '\(modelName)'", "build_config"])
            }
            return nil
        }()
        if let inputs {
            guard inputs.count == 1 else {
                throw ImportError.invalid(format: "Keras", location: ["model '\(modelName)'"],
                                          reason: "a Sequential model takes one input, it is called on \(inputs.count)")
            }
            if let declared, declared != shape(inputs[0]) {
                throw ImportError.invalid(format: "Keras", location: ["model '\(modelName)'"],
                                          reason: "declares input shape \(Self.describe(declared)) but is called on \(Self.describe(shape(inputs[0])))")
            }
            current = inputs[0]
        } else {
            guard let declared else {
                throw ImportError.invalid(format: "Keras", location: ["model '\(modelName)'"],
                                          reason: "has no input shape (no InputLayer, batch_input_shape or build_config): build the model before saving")
            }
            current = addGraphInput(layers.first?.className == "InputLayer" ? layers[0].name : "input", declared)
        }
        for layer in body {
            let outputs = try apply(layer, path: path + [layer.name], inputs: [current], node: 0, depth: depth)
            guard outputs.count == 1 else {
                throw ImportError.unsupported(format: "Keras", location: [layer.label],
                                              reason: "a layer with \(outputs.count) outputs inside a Sequential model")
            }
            current = outputs[0]
        }
        return [current]
    }

    private mutating func buildFunctional(_ entry: JSONValue, layers: [KerasLayer], path: [String],
                                          inputs: [Int]?, depth: Int) throws -> [Int] {
        let modelName = entry["config"]?["name"]?.string ?? "model"
        let location = ["model '\(modelName)'"]
        let inputRefs = try Self.layerRefs(entry["config"]?["input_layers"], at: location + ["input_layers"])
        let outputRefs = try Self.layerRefs(entry["config"]?["output_layers"], at: location + ["output_layers"])
        var byName: [String: KerasLayer] = [:]
        for layer in layers {
            guard byName.updateValue(layer, forKey: layer.name) == nil else {
                throw ImportError.invalid(format: "Keras", location: location, reason: "two layers are named '\(layer.name)'")
            }
        }
        var produced: [String: [Int: [Int]]] = [:]
        if let inputs, inputs.count != inputRefs.count {
            throw ImportError.invalid(format: "Keras", location: location,
                                      reason: "has \(inputRefs.count) inputs but is called on \(inputs.count)")
        }
        for (i, ref) in inputRefs.enumerated() {
            guard let layer = byName[ref.layer], layer.className == "InputLayer" else {
                throw ImportError.invalid(format: "Keras", location: location + ["input_layers"],
                                          reason: "'\(ref.layer)' is not an InputLayer of this model")
            }
            let declared = try Self.inputShape(of: layer)
            let tensor: Int
            if let inputs {
                guard declared == shape(inputs[i]) else {
                    throw ImportError.invalid(format: "Keras", location: location + [layer.label],
                                              reason: "declares shape \(Self.describe(declared)) but receives \(Self.describe(shape(inputs[i])))")
                }
                tensor = inputs[i]
            } else {
                tensor = addGraphInput(layer.name, declared)
            }
            produced[layer.name, default: [:]][0] = [tensor]
        }
        // Keras 2 counts a nested model's own construction as its node 0, so its calls in
        // this model are numbered from 1 (tf.keras `_should_skip_first_node`).
        func resolved(_ ref: KerasTensorRef) -> KerasTensorRef {
            guard isKeras2, let layer = byName[ref.layer], layer.isModel, ref.node >= 1 else { return ref }
            let firstIsInput = layer.config["layers"]?.array?.first?["class_name"]?.string == "InputLayer"
            guard layer.className != "Sequential" || firstIsInput else { return ref }
            return KerasTensorRef(layer: ref.layer, node: ref.node - 1, tensor: ref.tensor)
        }
        // Call nodes in dependency order: a layer's node runs once every tensor it reads exists.
        var pending: [(layer: KerasLayer, node: Int)] = []
        for layer in layers where layer.className != "InputLayer" {
            for node in layer.nodes.indices { pending.append((layer, node)) }
        }
        while !pending.isEmpty {
            var next: [(layer: KerasLayer, node: Int)] = []
            for item in pending {
                let refs = item.layer.nodes[item.node].map(resolved)
                for ref in refs where byName[ref.layer] == nil {
                    throw ImportError.invalid(format: "Keras", location: location + [item.layer.label],
                                              reason: "reads the output of an unknown layer '\(ref.layer)'")
                }
                let ready = refs.allSatisfy { produced[$0.layer]?[$0.node] != nil }
                guard ready else { next.append(item); continue }
                let operands = try refs.map { ref in
                    let outputs = produced[ref.layer]![ref.node]!
                    guard outputs.indices.contains(ref.tensor) else {
                        throw ImportError.invalid(format: "Keras", location: location + [item.layer.label],
                                                  reason: "reads output \(ref.tensor) of layer '\(ref.layer)', which has \(outputs.count)")
                    }
                    return outputs[ref.tensor]
                }
                guard !operands.isEmpty else {
                    throw ImportError.invalid(format: "Keras", location: location + [item.layer.label],
                                              reason: "inbound node \(item.node) reads no tensor")
                }
                produced[item.layer.name, default: [:]][item.node] =
                    try apply(item.layer, path: path + [item.layer.name], inputs: operands, node: item.node, depth: depth,
                              arguments: item.layer.arguments[item.node])
            }
            guard next.count < pending.count else {
                let names = next.map { "'\($0.layer.name)'" }.joined(separator: ", ")
                throw ImportError.invalid(format: "Keras", location: location,
                                          reason: "the layer graph has a cycle or reads tensors no layer produces (layers \(names))")
            }
            pending = next
        }
        return try outputRefs.map(resolved).map { ref in
            guard let outputs = produced[ref.layer]?[ref.node], outputs.indices.contains(ref.tensor) else {
                throw ImportError.invalid(format: "Keras", location: location + ["output_layers"],
                                          reason: "refers to '\(ref.layer)' node \(ref.node) tensor \(ref.tensor), which the model never computes")
            }
            return outputs[ref.tensor]
        }
    }

    private mutating func addGraphInput(_ name: String, _ shape: [Int]) -> Int {
        let tensor = activation(name, shape)
        graph.inputs.append(tensor)
        return tensor
    }

    // MARK: Layers

    /// Applies one call of a layer; returns its output tensors.
    mutating func apply(_ layer: KerasLayer, path: [String], inputs: [Int], node: Int, depth: Int,
                        arguments: [KerasArgument] = []) throws -> [Int] {
        if layer.isModel {
            return try buildModel(layer.entry, path: path, inputs: inputs, depth: depth + 1)
        }
        let outputName = node == 0 ? layer.name : "\(layer.name):\(node)"
        let call = KerasLayerCall(layer: layer, path: path, inputs: inputs, arguments: arguments, outputName: outputName)
        let firstNew = graph.tensors.count
        let outputs = try translate(call)
        for tensor in graph.tensors[firstNew...] where Self.elementCount(tensor.shape) == nil {
            throw call.invalid("tensor '\(tensor.name)' of shape \(tensor.shape) is larger than \(Self.maxElements) elements")
        }
        // The layer's final tensor carries the layer's name, as Keras names its outputs.
        if outputs.count == 1, let out = outputs.first, !inputs.contains(out), !graph.inputs.contains(out) {
            graph.tensors[out].name = outputName
        }
        return outputs
    }

    // MARK: Config helpers

    static func inputShape(of layer: KerasLayer) throws -> [Int] {
        guard let json = layer.config["batch_shape"] ?? layer.config["batch_input_shape"] else {
            throw ImportError.invalid(format: "Keras", location: [layer.label], reason: "has no batch_shape")
        }
        let dtype = layer.config["dtype"]?.string ?? "float32"
        guard ["float32", "float16", "float64", "bfloat16"].contains(dtype) else {
            throw ImportError.unsupported(format: "Keras", location: [layer.label, "option 'dtype'"],
                                          reason: "input dtype \(dtype) (Kinglet models take float inputs)")
        }
        return try shape(json, at: [layer.label])
    }

    /// A Keras `[null, d1, d2, …]` shape as an IR shape with batch 1.
    static func shape(_ json: JSONValue, at location: [String]) throws -> [Int] {
        guard let dims = json.array, !dims.isEmpty else {
            throw ImportError.invalid(format: "Keras", location: location, reason: "shape \(json) is not a list")
        }
        var shape = [1]
        for (axis, dim) in dims.dropFirst().enumerated() {
            if dim.isNull {
                throw ImportError.unsupported(format: "Keras", location: location,
                                              reason: "input axis \(axis + 1) has no fixed size (shape \(describe(json))); give the Input a static shape")
            }
            // A TensorFlow shape takes only ints: every Keras refuses 30.0 here.
            guard let size = dim.integerLiteral else {
                throw ImportError.invalid(format: "Keras", location: location,
                                          reason: "input axis \(axis + 1) is \(KerasConfigValue.describe(dim)), expected an integer or null")
            }
            guard size >= 1, size <= 1 << 24 else {
                throw ImportError.invalid(format: "Keras", location: location, reason: "dimension \(size) in shape \(describe(json))")
            }
            shape.append(size)
        }
        guard elementCount(shape) != nil else {
            throw ImportError.unsupported(format: "Keras", location: location,
                                          reason: "shape \(describe(json)) has more than \(maxElements) elements")
        }
        return shape
    }

    /// The largest tensor the importer creates (as the float interpreter allows).
    static let maxElements = 1 << 28

    /// A shape's element count, or nil when it exceeds `maxElements` (checked, no overflow).
    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for dim in shape {
            guard dim >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            guard !overflow, product <= maxElements else { return nil }
            count = product
        }
        return count
    }

    static func describe(_ shape: [Int]) -> String {
        "(None, " + shape.dropFirst().map(String.init).joined(separator: ", ") + ")"
    }

    static func describe(_ json: JSONValue) -> String {
        guard let dims = json.array else { return "\(json)" }
        return "(" + dims.map { $0.isNull ? "None" : KerasConfigValue.describe($0) }.joined(separator: ", ") + ")"
    }

    /// `input_layers`/`output_layers`: `[[name, node, tensor], …]`, or one flat triple.
    static func layerRefs(_ json: JSONValue?, at location: [String]) throws -> [KerasTensorRef] {
        guard let list = json?.array else {
            throw ImportError.invalid(format: "Keras", location: location, reason: "missing")
        }
        let triples = list.first?.string != nil ? [JSONValue.array(list)] : list
        return try triples.map { triple in
            guard let parts = triple.array, parts.count >= 3, let name = parts[0].string,
                  let node = parts[1].int, let tensor = parts[2].int else {
                throw ImportError.invalid(format: "Keras", location: location, reason: "expected [layer, node, tensor] entries")
            }
            return KerasTensorRef(layer: name, node: node, tensor: tensor)
        }
    }
}
