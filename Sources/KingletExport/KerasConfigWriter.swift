import KingletIO

/// `config.json` of a `.keras` archive: the Functional model as Keras 3 serializes it, each
/// layer with its class, options, build shape and the one call ("inbound node") that feeds
/// it the outputs of earlier layers.
enum KerasConfigWriter {
    static func config(modelName: String, layers: [ExportedLayer], included: [Int],
                       inputs: [Int], outputs: [Int]) -> JSONValue {
        func reference(_ layer: Int) -> JSONValue { .array([.string(layers[layer].name), .integer(0), .integer(0)]) }
        // One input or output is written as a bare reference, several as a list, as Keras
        // does: `predict` then returns an array, or a list of arrays.
        func references(_ list: [Int]) -> JSONValue {
            list.count == 1 ? reference(list[0]) : .array(list.map(reference))
        }
        let model: [String: JSONValue] = [
            "name": .string(modelName),
            "trainable": .bool(true),
            "layers": .array(included.map { entry(layers[$0], all: layers) }),
            "input_layers": references(inputs),
            "output_layers": references(outputs),
        ]
        return .object([
            "module": .string("keras.src.models.functional"),
            "class_name": .string("Functional"),
            "registered_name": .string("Functional"),
            "config": .object(model),
            "build_config": .object(["input_shape": .null]),
        ])
    }

    private static func entry(_ layer: ExportedLayer, all layers: [ExportedLayer]) -> JSONValue {
        var config = layer.options
        config["name"] = .string(layer.name)
        var entry: [String: JSONValue] = [
            "module": .string("keras.layers"),
            "class_name": .string(layer.className),
            "registered_name": .null,
            "name": .string(layer.name),
        ]
        if layer.isInput {
            entry["inbound_nodes"] = .array([])
        } else {
            config["trainable"] = .bool(true)
            config["dtype"] = .object([
                "module": .string("keras"), "class_name": .string("DTypePolicy"),
                "config": .object(["name": .string("float32")]), "registered_name": .null,
            ])
            let tensors = layer.inputs.map { tensor(layers[$0], index: $0) }
            let shapes = layer.inputs.map { KerasModelBuilder.kerasShape(layers[$0].shape) }
            entry["inbound_nodes"] = .array([.object([
                "args": .array(layer.takesList ? [.array(tensors)] : tensors),
                "kwargs": .object([:]),
            ])])
            entry["build_config"] = .object(["input_shape": layer.takesList ? .array(shapes) : shapes[0]])
        }
        entry["config"] = .object(config)
        return .object(entry)
    }

    /// A reference to a layer's output as a call argument (`__keras_tensor__`).
    private static func tensor(_ layer: ExportedLayer, index: Int) -> JSONValue {
        .object([
            "class_name": .string("__keras_tensor__"),
            "config": .object([
                "shape": KerasModelBuilder.kerasShape(layer.shape),
                "dtype": .string("float32"),
                "keras_history": .array([.string(layer.name), .integer(0), .integer(0)]),
            ]),
        ])
    }
}
