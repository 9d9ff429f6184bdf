import KingletIR
import KingletTestSupport

/// Builds small float32 graphs (batch 1) for the training tests: each call returns the
/// tensor index it added. Constants get random values from the builder's seeded generator.
struct TrainGraphBuilder {
    var graph = Graph()
    var random = SeededGenerator(seed: 7)

    mutating func input(_ shape: [Int]) -> Int {
        let t = graph.add(Tensor(name: "x\(graph.inputs.count)", type: .float32, shape: shape))
        graph.inputs.append(t)
        return t
    }

    /// A float32 constant of random values in -scale…scale.
    mutating func constant(_ shape: [Int], scale: Float = 0.5, name: String = "w") -> Int {
        let values = (0..<shape.reduce(1, *)).map { _ in Float.random(in: -scale...scale, using: &random) }
        return graph.add(Tensor(name: "\(name)\(graph.tensors.count)", shape: shape, floats: values))
    }

    mutating func constant(_ shape: [Int], values: [Float]) -> Int {
        graph.add(Tensor(name: "c\(graph.tensors.count)", shape: shape, floats: values))
    }

    mutating func int32(_ shape: [Int], _ values: [Int32]) -> Int {
        graph.add(Tensor(name: "i\(graph.tensors.count)", shape: shape, int32s: values))
    }

    @discardableResult
    mutating func op(_ kind: OperatorKind, _ inputs: [Int], _ shape: [Int]) -> Int {
        let y = graph.add(Tensor(name: "y\(graph.tensors.count)", type: .float32, shape: shape))
        graph.operators.append(Operator(kind: kind, inputs: inputs, outputs: [y], name: "op\(graph.operators.count)"))
        return y
    }

    mutating func output(_ t: Int) { graph.outputs.append(t) }
}
