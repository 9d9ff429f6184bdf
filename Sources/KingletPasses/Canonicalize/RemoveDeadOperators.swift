import KingletIR

/// Drops operators whose outputs nothing reads, then tensors nothing references, and
/// renumbers the rest.
public struct RemoveDeadOperators: GraphPass {
    public let name = "remove-dead-operators"
    public init() {}

    public func run(_ graph: inout Graph) throws {
        var live = Set(graph.outputs)
        var kept: [Operator] = []
        for op in graph.operators.reversed() where op.outputs.contains(where: live.contains) {
            kept.append(op)
            live.formUnion(op.inputs.filter { $0 >= 0 })
        }
        graph.operators = kept.reversed()
        compactTensors(&graph)
    }

    /// Removes unreferenced tensors and renumbers every index.
    func compactTensors(_ graph: inout Graph) {
        var used = Set(graph.inputs + graph.outputs)
        for op in graph.operators {
            used.formUnion(op.inputs.filter { $0 >= 0 })
            used.formUnion(op.outputs)
        }
        var remap: [Int: Int] = [:]
        var tensors: [Tensor] = []
        for (index, tensor) in graph.tensors.enumerated() where used.contains(index) {
            remap[index] = tensors.count
            tensors.append(tensor)
        }
        graph.tensors = tensors
        graph.inputs = graph.inputs.map { remap[$0]! }
        graph.outputs = graph.outputs.map { remap[$0]! }
        for i in graph.operators.indices {
            graph.operators[i].inputs = graph.operators[i].inputs.map { $0 < 0 ? $0 : remap[$0]! }
            graph.operators[i].outputs = graph.operators[i].outputs.map { remap[$0]! }
        }
    }
}
