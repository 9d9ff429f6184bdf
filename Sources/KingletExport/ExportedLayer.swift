import KingletIO

/// One layer of the Keras model being written: its class, options, where its input comes
/// from and its variables. Every exported layer is called exactly once and has one output,
/// so a layer's index in `KerasModelBuilder.layers` also names its output tensor.
struct ExportedLayer: Sendable {
    /// The Keras class ("Conv2D"), from the `keras.layers` module.
    let className: String
    /// Unique in the model, without "/".
    let name: String
    /// The class's own options; `name`, `trainable` and `dtype` are added when written.
    let options: [String: JSONValue]
    /// Indices of the layers whose outputs this one reads, in argument order; empty for an
    /// InputLayer.
    let inputs: [Int]
    /// Whether the layer is called on a list of tensors (Add, Concatenate, …) rather than one.
    let takesList: Bool
    /// Variables in the order Keras creates them (kernel then bias, gamma, beta, …).
    let variables: [ExportedVariable]
    /// The output shape with the batch axis (of size 1) first.
    let shape: [Int]

    var isInput: Bool { className == "InputLayer" }
}
