/// A symbolic tensor in a Functional config: output `tensor` of call `node` of `layer`.
struct KerasTensorRef: Hashable, Sendable {
    let layer: String
    let node: Int
    let tensor: Int
}
