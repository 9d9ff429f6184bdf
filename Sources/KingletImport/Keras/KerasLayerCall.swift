/// One call of a layer being translated: what it reads and what its output is named.
struct KerasLayerCall {
    let layer: KerasLayer
    /// Outer model layers first, then the layer itself (for finding its weights).
    let path: [String]
    let inputs: [Int]
    /// The call's positional arguments (tensors index `inputs`), for operation nodes.
    var arguments: [KerasArgument] = []
    let outputName: String

    var options: KerasOptions { KerasOptions(layer: layer) }
    var name: String { outputName }

    /// Names an intermediate tensor of this call.
    func tensorName(_ suffix: String) -> String { "\(outputName)/\(suffix)" }

    func invalid(_ reason: String) -> ImportError {
        .invalid(format: "Keras", location: [layer.label], reason: reason)
    }

    func unsupported(_ reason: String) -> ImportError {
        .unsupported(format: "Keras", location: [layer.label], reason: reason)
    }

    /// The single input of a one-input layer.
    func single() throws -> Int {
        guard inputs.count == 1 else { throw invalid("takes one input, called on \(inputs.count)") }
        return inputs[0]
    }
}
