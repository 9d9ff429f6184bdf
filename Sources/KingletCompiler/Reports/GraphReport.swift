import KingletIR

/// What `kinglet inspect` shows of an IR graph (a float model before it becomes a `.kgl`):
/// inputs, outputs, and per operator its kind, layer, shapes, MACs and parameters.
public struct GraphReport: Sendable {
    public struct OperatorInfo: Sendable {
        public let index: Int
        public let kind: String
        public let detail: String
        public let name: String
        public let inputShapes: [[Int]]
        public let outputShapes: [[Int]]
        public let macs: Int
        public let parameters: Int
    }

    public let inputs: [(name: String, shape: [Int])]
    public let outputs: [(name: String, shape: [Int])]
    public let ops: [OperatorInfo]
    public var macs: Int { ops.reduce(0) { $0 + $1.macs } }
    public var parameters: Int { ops.reduce(0) { $0 + $1.parameters } }

    /// The graph of a float model as imported, and after canonicalization.
    public static func of(_ file: ModelFile) throws -> (imported: GraphReport, canonical: GraphReport) {
        let canonical = try file.floatGraph()
        return (GraphReport(file.imported ?? canonical), GraphReport(canonical))
    }

    public init(_ graph: Graph) {
        inputs = graph.inputs.map { (graph.tensors[$0].name, graph.tensors[$0].shape) }
        outputs = graph.outputs.map { (graph.tensors[$0].name, graph.tensors[$0].shape) }
        var counted = Set<Int>()
        ops = graph.operators.enumerated().map { index, op in
            let operands = op.inputs.filter { $0 >= 0 }
            let parameters = operands.filter { graph.tensors[$0].isConstant && graph.tensors[$0].type == .float32 }
                .filter { counted.insert($0).inserted }
                .reduce(0) { $0 + graph.tensors[$1].elementCount }
            return OperatorInfo(index: index, kind: op.kind.name, detail: Self.detail(op.kind), name: op.name,
                                inputShapes: operands.filter { !graph.tensors[$0].isConstant }.map { graph.tensors[$0].shape },
                                outputShapes: op.outputs.map { graph.tensors[$0].shape },
                                macs: Self.macs(op, graph), parameters: parameters)
        }
    }

    /// The attributes worth a glance: fused activation, strides, padding.
    static func detail(_ kind: OperatorKind) -> String {
        func activation(_ a: Activation) -> String { a == .none ? "" : " +\(a.rawValue)" }
        switch kind {
        case .conv2D(let a), .depthwiseConv2D(let a), .separableConv2D(let a), .transposeConv2D(let a):
            let dilation = a.dilationH == 1 && a.dilationW == 1 ? "" : " dilation \(a.dilationH)x\(a.dilationW)"
            return "stride \(a.strideH)x\(a.strideW) \(a.padding.rawValue)\(dilation)\(activation(a.activation))"
        case .averagePool2D(let a), .maxPool2D(let a):
            return "\(a.filterH)x\(a.filterW) stride \(a.strideH)x\(a.strideW) \(a.padding.rawValue)\(activation(a.activation))"
        case .fullyConnected(let a, _), .add(let a), .mul(let a), .sub(let a), .concatenation(_, let a):
            return a == .none ? "" : "+\(a.rawValue)"
        default:
            return ""
        }
    }

    static func macs(_ op: Operator, _ graph: Graph) -> Int {
        guard let output = op.outputs.first.map({ graph.tensors[$0].elementCount }) else { return 0 }
        func filter(_ i: Int) -> [Int] { op.inputs.count > i && op.inputs[i] >= 0 ? graph.tensors[op.inputs[i]].shape : [] }
        switch op.kind {
        case .conv2D:
            let f = filter(1)
            return f.count == 4 ? output * f[1] * f[2] * f[3] : 0
        case .depthwiseConv2D:
            let f = filter(1)
            return f.count == 4 ? output * f[1] * f[2] : 0
        case .separableConv2D:
            let d = filter(1), p = filter(2)
            guard d.count == 4, p.count == 4, p[0] > 0 else { return 0 }
            return output / p[0] * d[3] * d[1] * d[2] + output * p[3]
        case .transposeConv2D:
            let f = filter(1)
            guard f.count == 4, op.inputs[0] >= 0 else { return 0 }
            return graph.tensors[op.inputs[0]].elementCount * f[0] * f[1] * f[2]
        case .fullyConnected:
            let f = filter(1)
            return f.count == 2 ? output * f[1] : 0
        default:
            return 0
        }
    }

    static func shapeText(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ",") + "]" }

    public func text(title: String) -> String {
        var lines = ["\(title): \(ops.count) operators, \(parameters) parameters, \(macs) MACs"]
        for input in inputs { lines.append("  input  \(input.name) \(Self.shapeText(input.shape)) float32") }
        for output in outputs { lines.append("  output \(output.name) \(Self.shapeText(output.shape)) float32") }
        let kindWidth = max(4, ops.map { $0.kind.count }.max() ?? 0)
        let nameWidth = min(32, max(5, ops.map { $0.name.count }.max() ?? 0))
        for op in ops {
            let shapes = op.inputShapes.map(Self.shapeText).joined(separator: " ") + " -> "
                + op.outputShapes.map(Self.shapeText).joined(separator: " ")
            let kind = op.kind.rightPadded(kindWidth)
            let name = op.name.rightPadded(nameWidth)
            var line = "  \(String(op.index).leftPadded(3)) \(kind) \(name) \(shapes)"
            if !op.detail.isEmpty { line += "  \(op.detail)" }
            if op.parameters > 0 { line += "  params \(op.parameters)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    public func jsonObject() -> [String: Any] {
        [
            "parameters": parameters, "macs": macs,
            "inputs": inputs.map { ["name": $0.name, "shape": $0.shape] },
            "outputs": outputs.map { ["name": $0.name, "shape": $0.shape] },
            "ops": ops.map { op -> [String: Any] in
                ["index": op.index, "kind": op.kind, "detail": op.detail, "name": op.name,
                 "input_shapes": op.inputShapes, "output_shapes": op.outputShapes,
                 "macs": op.macs, "parameters": op.parameters]
            },
        ]
    }
}

extension String {
    func rightPadded(_ length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }

    func leftPadded(_ length: Int) -> String {
        count >= length ? self : String(repeating: " ", count: length - count) + self
    }
}
