import KingletIR

/// The bits of each layer's weights (`--weights int4[,LAYER=int8|int4]`): 8 (TFLite's int8
/// rule) or 4 (symmetric per-channel int4 with MSE clipping). Layers are CONV_2D,
/// DEPTHWISE_CONV_2D and FULLY_CONNECTED, named as after canonicalization.
public struct WeightBits: Sendable, Hashable {
    /// The bits of every layer without its own setting.
    public var standard = 8
    public var perLayer: [String: Int] = [:]

    public init(standard: Int = 8, perLayer: [String: Int] = [:]) {
        self.standard = standard
        self.perLayer = perLayer
    }

    public var usesInt4: Bool { standard == 4 || perLayer.values.contains(4) }

    /// The weighted operators of `graph` whose filters are int4; a named layer that is not
    /// one of them is an error.
    func int4Operators(_ graph: Graph, file: String?) throws -> Set<Int> {
        let weighted = graph.operators.indices.filter { graph.operators[$0].kind.hasQuantizedWeights }
        let names = Set(weighted.map { graph.operators[$0].name })
        for name in perLayer.keys.sorted() where !names.contains(name) {
            throw CompilerError(file: file, "--weights: no CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED layer named '\(name)' (layers: \(weighted.map { graph.operators[$0].name }.joined(separator: ", ")))")
        }
        return Set(weighted.filter { (perLayer[graph.operators[$0].name] ?? standard) == 4 })
    }
}
