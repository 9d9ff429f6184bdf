import KingletIR
import KingletTestSupport

/// One-operator IR graphs for the pooling, element-wise, PAD, MEAN and CONCATENATION suites:
/// every non-constant operand is a graph input, in operand order; the result is the output.
enum OneOpGraph {
    static func make(_ kind: OperatorKind, operands: [Tensor], output: Tensor) -> Graph {
        var graph = Graph()
        var inputs: [Int] = []
        for tensor in operands {
            let index = graph.add(tensor)
            inputs.append(index)
            if !tensor.isConstant { graph.inputs.append(index) }
        }
        let y = graph.add(output)
        graph.operators = [Operator(kind: kind, inputs: inputs, outputs: [y], name: "op")]
        graph.outputs = [y]
        return graph
    }

    /// An int8 activation tensor.
    static func int8(_ name: String, _ shape: [Int], scale: Float, zeroPoint: Int, data: [Int8]? = nil) -> Tensor {
        Tensor(name: name, type: .int8, shape: shape,
               quantization: Quantization(scale: scale, zeroPoint: zeroPoint),
               data: data.map { $0.map { UInt8(bitPattern: $0) } })
    }

    /// A constant int32 tensor (axes, paddings).
    static func int32(_ name: String, _ shape: [Int], _ values: [Int32]) -> Tensor {
        Tensor(name: name, type: .int32, shape: shape,
               data: values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: UInt32(bitPattern: v) >> (8 * UInt32($0))) } })
    }

    /// Runs a graph in both engines with the given int8 inputs; returns the Swift output and
    /// records any disagreement with the C runtime.
    static func run(_ graph: Graph, _ inputs: [[Int8]]) throws -> [Int8] {
        let kgl = try BothEngines.lower(graph)
        let (swift, c) = try BothEngines.run(kgl, inputs: inputs.map { $0.map { UInt8(bitPattern: $0) } })
        if swift != c {
            throw BothEngines.Failure(description: "engines disagree:\n" + BothEngines.mismatches(swift, c).joined(separator: "\n"))
        }
        return swift[0].map { Int8(bitPattern: $0) }
    }

    /// Whether lowering refuses the graph (with the message), for tests of refusals.
    static func loweringError(_ graph: Graph) -> String? {
        do {
            _ = try BothEngines.lower(graph)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Random int8 values.
    static func random(_ count: Int, using rng: inout SeededGenerator) -> [Int8] {
        (0..<count).map { _ in Int8.random(in: -128...127, using: &rng) }
    }
}
