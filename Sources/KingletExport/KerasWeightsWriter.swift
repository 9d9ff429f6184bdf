import KingletIO

/// `model.weights.h5` of a `.keras` archive: for each layer, in Keras's `model.layers`
/// order, a group `layers/<class in snake case>[_n]/vars` (attribute `name`: the layer's
/// name) holding its variables as datasets "0", "1", …; plus `vars` for the model itself.
enum KerasWeightsWriter {
    static func weights(modelName: String, layers: [ExportedLayer], order: [Int]) throws(IOError) -> [UInt8] {
        var writer = HDF5Writer()
        var used: [String: Int] = [:]
        for index in order {
            let layer = layers[index]
            // Keras numbers same-class layers: dense, dense_1, dense_2, …
            let base = snakeCase(layer.className)
            let count = used[base].map { $0 + 1 } ?? 0
            used[base] = count
            let group = count == 0 ? base : "\(base)_\(count)"
            try writer.root.withGroup(at: "layers/\(group)/vars") { (vars: inout HDF5WriterGroup) throws(IOError) in
                try vars.setAttribute("name", .string(layer.name))
                for (position, variable) in layer.variables.enumerated() {
                    try vars.add(String(position), HDF5WriterDataset(.float32(variable.values, shape: variable.shape)))
                }
            }
        }
        try writer.root.withGroup(at: "vars") { (vars: inout HDF5WriterGroup) throws(IOError) in
            try vars.setAttribute("name", .string(modelName))
        }
        return try writer.bytes()
    }

    /// Keras's `naming.to_snake_case` on a class name: "_" before each capital that starts a
    /// lowercase run and between a lowercase letter and a capital, then lowercase
    /// ("Conv2DTranspose" → "conv2d_transpose", "PReLU" → "p_re_lu").
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name.filter { $0.isLetter || $0.isNumber || $0 == "_" })
        func isUpper(_ c: Character) -> Bool { c.isASCII && c.isUppercase }
        func isLower(_ c: Character) -> Bool { c.isASCII && c.isLowercase }
        // (.)([A-Z][a-z]+) → \1_\2, matches taken left to right without overlap.
        var first: [Character] = []
        var i = 0
        while i < characters.count {
            if i + 2 < characters.count, isUpper(characters[i + 1]), isLower(characters[i + 2]) {
                var end = i + 3
                while end < characters.count, isLower(characters[end]) { end += 1 }
                first += [characters[i], "_"] + characters[(i + 1)..<end]
                i = end
            } else {
                first.append(characters[i])
                i += 1
            }
        }
        // ([a-z])([A-Z]) → \1_\2.
        var second: [Character] = []
        i = 0
        while i < first.count {
            if i + 1 < first.count, isLower(first[i]), isUpper(first[i + 1]) {
                second += [first[i], "_", first[i + 1]]
                i += 2
            } else {
                second.append(first[i])
                i += 1
            }
        }
        return String(second).lowercased()
    }
}
