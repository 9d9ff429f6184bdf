import KingletIR

/// Producers and readers of a graph's tensors, for the quantizer's sharing decisions.
struct GraphConnections {
    let graph: Graph
    /// Producer operator of each tensor.
    let producer: [Int: Int]
    /// Operators reading each tensor.
    let readers: [Int: [Int]]

    init(_ graph: Graph) {
        self.graph = graph
        var producer: [Int: Int] = [:]
        var readers: [Int: [Int]] = [:]
        for (index, op) in graph.operators.enumerated() {
            for output in op.outputs { producer[output] = index }
            for input in op.inputs where input >= 0 { readers[input, default: []].append(index) }
        }
        self.producer = producer
        self.readers = readers
    }

    /// A concatenation input can take the output's parameters when only that concatenation
    /// reads it and its producer writes any scale.
    func canRetarget(_ tensor: Int, forConcatenation index: Int) -> Bool {
        guard readers[tensor] == [index], !graph.outputs.contains(tensor), let producer = producer[tensor] else { return false }
        return Int8OperatorRule(graph.operators[producer].kind)?.writesAnyScale ?? false
    }
}
