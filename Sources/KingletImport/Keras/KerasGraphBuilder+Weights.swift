import KingletIO

extension KerasGraphBuilder {
    /// A weight the config implies: its Keras 3 name and the shape it must have.
    struct ExpectedWeight {
        let name: String
        let shape: [Int]
        /// Another name Keras 2 files use for it (`depthwise_kernel`).
        var alias: String? = nil
    }

    /// Reads the layer's weights, in Keras 3 variable order, checking names and shapes.
    /// `extras` positional variables after the expected ones are allowed and ignored
    /// (Normalization's sample count).
    func loadWeights(_ call: KerasLayerCall, _ expected: [ExpectedWeight], extras: Int = 0) throws -> [String: [Float]] {
        let label = call.layer.label
        let variables = try KerasFile.reading([label, "weights"]) { try weights.variables(of: call.path) }
        var found: [String: KerasVariable] = [:]
        let positional = variables.allSatisfy { $0.name == nil }
        if positional {
            guard variables.count >= expected.count, variables.count <= expected.count + extras else {
                let names = expected.map(\.name).joined(separator: ", ")
                throw ImportError.invalid(format: "Keras", location: [label, "weights"],
                                          reason: "the file holds \(variables.count) variable(s), the config implies \(expected.count) (\(names.isEmpty ? "none" : names))")
            }
            for (weight, variable) in zip(expected, variables) { found[weight.name] = variable }
        } else {
            for weight in expected {
                guard let variable = variables.first(where: { $0.name == weight.name })
                        ?? variables.first(where: { $0.name != nil && $0.name == weight.alias }) else {
                    let present = variables.compactMap(\.name).joined(separator: ", ")
                    throw ImportError.invalid(format: "Keras", location: [label, "weight '\(weight.name)'"],
                                              reason: "missing from the file (it holds: \(present.isEmpty ? "no weights" : present))")
                }
                found[weight.name] = variable
            }
        }
        var values: [String: [Float]] = [:]
        for weight in expected {
            let dataset = found[weight.name]!.dataset
            let location = [label, "weight '\(weight.name)'"]
            guard dataset.shape == weight.shape else {
                throw ImportError.invalid(format: "Keras", location: location,
                                          reason: "has shape \(Self.tuple(dataset.shape)), the config implies \(Self.tuple(weight.shape))")
            }
            let floats = try KerasFile.reading(location) { () throws(IOError) in try dataset.floats() }
            guard floats.count == Self.elementCount(weight.shape) else {
                throw ImportError.invalid(format: "Keras", location: location,
                                          reason: "holds \(floats.count) values for shape \(Self.tuple(weight.shape))")
            }
            if let bad = floats.firstIndex(where: { !$0.isFinite }) {
                throw ImportError.invalid(format: "Keras", location: location,
                                          reason: "element \(bad) is \(floats[bad]); weights must be finite")
            }
            values[weight.name] = floats
        }
        return values
    }

    static func tuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
