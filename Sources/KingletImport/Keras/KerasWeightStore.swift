/// Where a layer's weights live in a saved file.
protocol KerasWeightStore: Sendable {
    /// The variables of the layer at `path` (outer model layers first, the layer's own name
    /// last), in the order the file keeps them; empty when the file has none for it.
    func variables(of path: [String]) throws -> [KerasVariable]
}
