import KingletIR

// Helpers the canonicalization passes share.

extension Operator {
    /// "operator 3 (BATCH_NORMALIZATION 'bn1')", for messages.
    func label(at index: Int) -> String {
        name.isEmpty ? "operator \(index) (\(kind.name))" : "operator \(index) (\(kind.name) '\(name)')"
    }

    /// The fused activation of operators that have one; nil for the others.
    var fusedActivation: Activation? {
        switch kind {
        case .conv2D(let a), .depthwiseConv2D(let a), .separableConv2D(let a), .transposeConv2D(let a):
            a.activation
        case .averagePool2D(let a), .maxPool2D(let a):
            a.activation
        case .fullyConnected(let activation, _), .add(let activation), .mul(let activation),
             .sub(let activation), .concatenation(_, let activation):
            activation
        default:
            nil
        }
    }

    /// The same operator with `activation` fused; nil for operators without one.
    func withFusedActivation(_ activation: Activation) -> Operator? {
        var op = self
        switch kind {
        case .conv2D(var a): a.activation = activation; op.kind = .conv2D(a)
        case .depthwiseConv2D(var a): a.activation = activation; op.kind = .depthwiseConv2D(a)
        case .separableConv2D(var a): a.activation = activation; op.kind = .separableConv2D(a)
        case .transposeConv2D(var a): a.activation = activation; op.kind = .transposeConv2D(a)
        case .averagePool2D(var a): a.activation = activation; op.kind = .averagePool2D(a)
        case .maxPool2D(var a): a.activation = activation; op.kind = .maxPool2D(a)
        case .fullyConnected(_, let keepNumDims):
            op.kind = .fullyConnected(activation: activation, keepNumDims: keepNumDims)
        case .add: op.kind = .add(activation: activation)
        case .mul: op.kind = .mul(activation: activation)
        case .sub: op.kind = .sub(activation: activation)
        case .concatenation(let axis, _): op.kind = .concatenation(axis: axis, activation: activation)
        default: return nil
        }
        return op
    }
}

extension Graph {
    /// How many operator input slots read each tensor.
    func readCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: tensors.count)
        for op in operators {
            for input in op.inputs where tensors.indices.contains(input) { counts[input] += 1 }
        }
        return counts
    }

    /// A valid tensor index, or nil (for -1 and out-of-range indices).
    func tensorIndex(_ index: Int) -> Int? {
        tensors.indices.contains(index) ? index : nil
    }

    /// A name for tensors a pass creates on behalf of `op`: the layer's name when it has
    /// one, otherwise its first output's name.
    func baseName(of op: Operator) -> String {
        if !op.name.isEmpty { return op.name }
        if let output = op.outputs.first, let index = tensorIndex(output) { return tensors[index].name }
        return op.kind.name.lowercased()
    }
}

extension Graph {
    /// `base`, or `base` with the smallest suffix "_1", "_2", … that no tensor is named.
    func uniqueTensorName(_ base: String) -> String {
        let names = Set(tensors.map(\.name))
        guard names.contains(base) else { return base }
        var suffix = 1
        while names.contains("\(base)_\(suffix)") { suffix += 1 }
        return "\(base)_\(suffix)"
    }

    /// Adds a float32 tensor (a constant when `values` is given) under a unique name.
    mutating func addFloat(_ name: String, shape: [Int], values: [Float]? = nil) -> Int {
        let unique = uniqueTensorName(name)
        if let values { return add(Tensor(name: unique, shape: shape, floats: values)) }
        return add(Tensor(name: unique, type: .float32, shape: shape))
    }
}
