import KingletIR

/// Replaces a FULLY_CONNECTED by two (x·Aᵀ then ·Bᵀ) and a k×k CONV_2D by a k×k CONV_2D with
/// r filters followed by a 1×1 CONV_2D, from the truncated SVD of the weights seen as an
/// out × (kh·kw·in) matrix W ≈ U_r Σ_r V_rᵀ: the first layer holds √Σ_r V_rᵀ, the second
/// U_r √Σ_r (splitting Σ evenly keeps both weight ranges alike for int8), the bias and the
/// fused activation stay on the second. Only where r·(out + kh·kw·in) < out·kh·kw·in, i.e.
/// where parameters and MACs both shrink; every layer considered gets a `Decision`.
public struct LowRankDecomposition: GraphPass {
    public enum Policy: Sendable, Hashable, CustomStringConvertible {
        /// The smallest rank keeping this fraction of Σσ² (0 < e ≤ 1).
        case energy(Double)
        /// The largest rank whose two layers hold at most this fraction of the parameters.
        case parameters(Double)

        public var description: String {
            switch self {
            case .energy(let e): "energy=\(e)"
            case .parameters(let p): "params=\(p)"
            }
        }
    }

    public struct Decision: Sendable {
        public let layer: String
        public let kind: String
        /// min(out, kh·kw·in) and the rank the policy chose.
        public let fullRank: Int
        public let rank: Int
        public let parametersBefore: Int
        public let parametersAfter: Int
        /// Whether the layer was replaced (false: the rank would not save anything).
        public let applied: Bool
        /// Σσ² kept by the chosen rank, 0…1.
        public let energy: Double
    }

    public let name = "low-rank-decomposition"
    public let policy: Policy
    /// Policies for particular layers (by name), overriding `policy`.
    public let perLayer: [String: Policy]
    public private(set) var decisions: [Decision] = []

    public init(policy: Policy, perLayer: [String: Policy] = [:]) {
        self.policy = policy
        self.perLayer = perLayer
    }

    public func run(_ graph: inout Graph) throws {
        var copy = self
        try copy.decompose(&graph)
    }

    /// As `run`, recording a decision per FULLY_CONNECTED and CONV_2D with constant weights.
    public mutating func decompose(_ graph: inout Graph) throws {
        decisions = []
        let names = graph.operators.filter { Self.weightMatrix($0, graph) != nil }.map(\.name)
        for name in perLayer.keys where !names.contains(name) {
            throw PassError("--low-rank: no FULLY_CONNECTED or CONV_2D layer named '\(name)' (layers: \(names.joined(separator: ", ")))")
        }
        var operators: [Operator] = []
        for op in graph.operators {
            guard let (weights, out, inner) = Self.weightMatrix(op, graph) else {
                operators.append(op)
                continue
            }
            let svd = SingularValueDecomposition(weights, rows: out, columns: inner)
            let rank = LowRankDecomposition(policy: perLayer[op.name] ?? policy).chooseRank(svd, out: out, inner: inner)
            let applied = rank * (out + inner) < out * inner
            let total = svd.singularValues.reduce(0) { $0 + $1 * $1 }
            let kept = svd.singularValues.prefix(rank).reduce(0) { $0 + $1 * $1 }
            decisions.append(Decision(layer: op.name, kind: op.kind.name, fullRank: svd.rank, rank: rank,
                                      parametersBefore: out * inner, parametersAfter: applied ? rank * (out + inner) : out * inner,
                                      applied: applied, energy: total > 0 ? kept / total : 1))
            guard applied else {
                operators.append(op)
                continue
            }
            operators += Self.replace(op, svd: svd, rank: rank, graph: &graph)
        }
        graph.operators = operators
    }

    /// The rank the policy gives a layer with these singular values.
    public func chooseRank(_ svd: SingularValueDecomposition, out: Int, inner: Int) -> Int {
        switch policy {
        case .energy(let fraction):
            let total = svd.singularValues.reduce(0) { $0 + $1 * $1 }
            var kept = 0.0
            for (i, sigma) in svd.singularValues.enumerated() {
                kept += sigma * sigma
                if kept >= fraction * total * (1 - 1e-12) { return i + 1 }
            }
            return svd.rank
        case .parameters(let fraction):
            let budget = fraction * Double(out * inner)
            return max(1, min(svd.rank, Int(budget / Double(out + inner))))
        }
    }

    /// The weights of a FULLY_CONNECTED [out, in] or CONV_2D [out, kh, kw, in] as an
    /// out × inner matrix, when they are float constants.
    public static func weightMatrix(_ op: Operator, _ graph: Graph) -> ([Double], Int, Int)? {
        switch op.kind {
        case .fullyConnected, .conv2D: break
        default: return nil
        }
        guard op.inputs.count >= 2, op.outputs.count == 1, graph.tensors.indices.contains(op.inputs[1]),
              let values = graph.tensors[op.inputs[1]].floatValues else { return nil }
        let shape = graph.tensors[op.inputs[1]].shape
        guard let out = shape.first, out > 0, values.count % out == 0, values.count > 0 else { return nil }
        return (values.map(Double.init), out, values.count / out)
    }

    /// The two operators that replace `op` at rank `rank`.
    public static func replace(_ op: Operator, svd: SingularValueDecomposition, rank r: Int, graph: inout Graph) -> [Operator] {
        let out = svd.rows, inner = svd.columns, k = svd.rank
        let filterShape = graph.tensors[op.inputs[1]].shape
        let input = op.inputs[0], output = op.outputs[0]
        var first = [Float](repeating: 0, count: r * inner)
        var second = [Float](repeating: 0, count: out * r)
        for i in 0..<r {
            let scale = svd.singularValues[i].squareRoot()
            for j in 0..<inner { first[i * inner + j] = Float(scale * svd.v[j * k + i]) }
            for o in 0..<out { second[o * r + i] = Float(scale * svd.u[o * k + i]) }
        }
        var middleShape = graph.tensors[output].shape
        middleShape[middleShape.count - 1] = r
        let middle = graph.add(Tensor(name: "\(op.name)/low_rank", type: .float32, shape: middleShape))
        let zeroBias = graph.add(Tensor(name: "\(op.name)/low_rank/bias", shape: [r], floats: [Float](repeating: 0, count: r)))
        let bias = op.inputs.count > 2 && op.inputs[2] >= 0 ? op.inputs[2]
            : graph.add(Tensor(name: "\(op.name)/bias", shape: [out], floats: [Float](repeating: 0, count: out)))
        switch op.kind {
        case .fullyConnected(let activation, let keepNumDims):
            let a = graph.add(Tensor(name: "\(op.name)/low_rank/kernel", shape: [r, inner], floats: first))
            let b = graph.add(Tensor(name: "\(op.name)/kernel", shape: [out, r], floats: second))
            return [
                Operator(kind: .fullyConnected(activation: .none, keepNumDims: keepNumDims), inputs: [input, a, zeroBias],
                         outputs: [middle], name: "\(op.name)/low_rank"),
                Operator(kind: .fullyConnected(activation: activation, keepNumDims: keepNumDims), inputs: [middle, b, bias],
                         outputs: [output], name: op.name),
            ]
        case .conv2D(let attributes):
            var spatial = attributes
            spatial.activation = .none
            let pointwise = Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: attributes.activation)
            let a = graph.add(Tensor(name: "\(op.name)/low_rank/kernel", shape: [r] + filterShape.dropFirst(), floats: first))
            let b = graph.add(Tensor(name: "\(op.name)/kernel", shape: [out, 1, 1, r], floats: second))
            return [
                Operator(kind: .conv2D(spatial), inputs: [input, a, zeroBias], outputs: [middle], name: "\(op.name)/low_rank"),
                Operator(kind: .conv2D(pointwise), inputs: [middle, b, bias], outputs: [output], name: op.name),
            ]
        default:
            return [op]
        }
    }
}
