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
        let label = "layer '\(name)' (\(className))"
        var nodes: [[KerasTensorRef]] = []
        for (n, node) in (entry["inbound_nodes"]?.array ?? []).enumerated() {
            nodes.append(try Self.references(in: node, at: [label, "inbound node \(n)"]))
        }
        self.nodes = nodes
    }

    /// The tensors a call node reads: Keras 3 writes `{"args": [...], "kwargs": {...}}` with
    /// `__keras_tensor__` objects; Keras 2 writes `[[layer, node, tensor, kwargs], ...]`.
    static func references(in node: JSONValue, at location: [String]) throws -> [KerasTensorRef] {
        if node.object != nil {
            var refs: [KerasTensorRef] = []
            try collectKeras3(node["args"] ?? .array([]), into: &refs, at: location)
            if refs.isEmpty, let inputs = node["kwargs"]?["inputs"] {
                try collectKeras3(inputs, into: &refs, at: location)
            }
            return refs
        }
        guard let items = node.array else {
            throw ImportError.invalid(format: "Keras", location: location, reason: "is neither an object nor a list")
        }
        return try items.map { item in
            guard let parts = item.array, parts.count >= 3, let layer = parts[0].string,
                  let nodeIndex = parts[1].int, let tensor = parts[2].int else {
                throw ImportError.invalid(format: "Keras", location: location,
                                          reason: "expected [layer name, node index, tensor index, kwargs] entries")
            }
            return KerasTensorRef(layer: layer, node: nodeIndex, tensor: tensor)
        }
    }

    private static func collectKeras3(_ value: JSONValue, into refs: inout [KerasTensorRef],
                                      at location: [String]) throws {
        switch value {
        case .array(let items):
            for item in items { try collectKeras3(item, into: &refs, at: location) }
        case .object:
            guard value["class_name"]?.string == "__keras_tensor__" else { return }
            guard let history = value["config"]?["keras_history"]?.array, history.count == 3,
                  let layer = history[0].string, let node = history[1].int, let tensor = history[2].int else {
                throw ImportError.invalid(format: "Keras", location: location,
                                          reason: "a __keras_tensor__ without a [layer, node, tensor] keras_history")
            }
            refs.append(KerasTensorRef(layer: layer, node: node, tensor: tensor))
        default:
            return
        }
    }
}
