import KingletIO

/// One entry of a model config's `layers` list.
struct KerasLayer: Sendable {
    let className: String
    let name: String
    /// The layer's own `config` object.
    let config: JSONValue
    /// The whole entry (nested models are read from it).
    let entry: JSONValue
    /// Each call of the layer in a Functional model, as the tensors it was called on.
    let nodes: [[KerasTensorRef]]
    /// Each call's positional arguments in order: tensors (indices into `nodes[i]`) and
    /// numbers. Operation nodes (`keras.src.ops`, TFOpLambda) need them.
    let arguments: [[KerasArgument]]
    /// The Python module of the class (`keras.layers`, `keras.src.ops.numpy`, …).
    let module: String

    /// Operation classes with no layer of the same name.
    static let operationOnlyClasses: Set<String> = [
        "Relu", "Relu6", "Sigmoid", "Tanh", "Exp", "Softplus", "HardSilu", "HardSwish", "HardSigmoid",
        "Elu", "LeakyRelu", "Gelu", "Silu", "Swish", "Negative", "Clip", "Divide", "TrueDivide",
        "Transpose", "Mean", "Max", "ExpandDims", "Squeeze",
    ]

    /// A Keras 3 operation written on tensors (`x + 3.0`, `ops.reshape`) or a Keras 2
    /// TFOpLambda, rather than a layer. Keras 3's `.h5` writer drops the module, so there an
    /// operation shows by a number among its arguments, a class no layer has, or `newshape`.
    var isOperation: Bool {
        if module.hasPrefix("keras.src.ops") || className == "TFOpLambda" { return true }
        guard module.isEmpty else { return false }
        return arguments.joined().contains { if case .number = $0 { true } else { false } }
            || Self.operationOnlyClasses.contains(className)
            || (className == "Reshape" && config["newshape"] != nil)
    }

    /// How messages name the layer: `layer 'conv1' (Conv2D)`.
    var label: String { "layer '\(name)' (\(className))" }

    var isModel: Bool { ["Sequential", "Functional", "Model"].contains(className) }

    init(entry: JSONValue, index: Int) throws {
        guard let className = entry["class_name"]?.string else {
            throw ImportError.invalid(format: "Keras", location: ["layer \(index)"], reason: "has no class_name")
        }
        let config = entry["config"] ?? .object([:])
        guard config.object != nil else {
            throw ImportError.invalid(format: "Keras", location: ["layer \(index) (\(className))"],
                                      reason: "its config is not an object")
        }
        self.className = className
        self.name = entry["name"]?.string ?? config["name"]?.string ?? "\(className.lowercased())_\(index)"
        self.config = config
        self.entry = entry
        self.module = entry["module"]?.string ?? ""
        let label = "layer '\(name)' (\(className))"
        var nodes: [[KerasTensorRef]] = []
        var arguments: [[KerasArgument]] = []
        for (n, node) in (entry["inbound_nodes"]?.array ?? []).enumerated() {
            var call = Call()
            try call.read(node, at: [label, "inbound node \(n)"])
            nodes.append(call.refs)
            arguments.append(call.arguments)
        }
        self.nodes = nodes
        self.arguments = arguments
    }

    /// The tensors and numbers one call node passes: Keras 3 writes `{"args": [...],
    /// "kwargs": {...}}` with `__keras_tensor__` objects; Keras 2 writes
    /// `[[layer, node, tensor, kwargs], ...]`, or one flat entry for a TFOpLambda whose
    /// kwargs hold the other operand (`{"y": 3.0}`).
    struct Call {
        var refs: [KerasTensorRef] = []
        var arguments: [KerasArgument] = []

        mutating func read(_ node: JSONValue, at location: [String]) throws {
            if node.object != nil {
                try collectKeras3(node["args"] ?? .array([]), at: location)
                if refs.isEmpty, let inputs = node["kwargs"]?["inputs"] {
                    try collectKeras3(inputs, at: location)
                }
                return
            }
            guard let items = node.array else {
                throw ImportError.invalid(format: "Keras", location: location, reason: "is neither an object nor a list")
            }
            let entries = items.first?.string != nil ? [node] : items
            for entry in entries {
                // Keras 2 writes a constant first operand (`1.0 - x`) as ["_CONSTANT_VALUE", -1, 1.0, kwargs].
                if entries.count == 1, let parts = entry.array, parts.count >= 3,
                   parts[0].string == "_CONSTANT_VALUE", let value = parts[2].double {
                    arguments.append(.number(value))
                } else {
                    guard let parts = entry.array, parts.count >= 3, let layer = parts[0].string,
                          let nodeIndex = parts[1].int, let tensor = parts[2].int else {
                        throw ImportError.invalid(format: "Keras", location: location,
                                                  reason: "expected [layer name, node index, tensor index, kwargs] entries")
                    }
                    append(KerasTensorRef(layer: layer, node: nodeIndex, tensor: tensor))
                }
                guard let parts = entry.array else { continue }
                // A TFOpLambda's second operand: a number, or another tensor as a triple.
                if entries.count == 1, parts.count >= 4, let y = parts[3]["y"] {
                    if let number = y.double {
                        arguments.append(.number(number))
                    } else if let triple = y.array, triple.count >= 3, let other = triple[0].string,
                              let otherNode = triple[1].int, let otherTensor = triple[2].int {
                        append(KerasTensorRef(layer: other, node: otherNode, tensor: otherTensor))
                    }
                }
            }
        }

        private mutating func append(_ ref: KerasTensorRef) {
            arguments.append(.tensor(refs.count))
            refs.append(ref)
        }

        private mutating func collectKeras3(_ value: JSONValue, at location: [String]) throws {
            switch value {
            case .array(let items):
                for item in items { try collectKeras3(item, at: location) }
            case .integer, .number:
                if let number = value.double { arguments.append(.number(number)) }
            case .object:
                guard value["class_name"]?.string == "__keras_tensor__" else { return }
                guard let history = value["config"]?["keras_history"]?.array, history.count == 3,
                      let layer = history[0].string, let node = history[1].int, let tensor = history[2].int else {
                    throw ImportError.invalid(format: "Keras", location: location,
                                              reason: "a __keras_tensor__ without a [layer, node, tensor] keras_history")
                }
                append(KerasTensorRef(layer: layer, node: node, tensor: tensor))
            default:
                return
            }
        }
    }
}
