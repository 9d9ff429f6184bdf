import KingletIR
import KingletPasses
import Testing

@Suite struct PipelineTests {
    @Test func rejectsAGraphThatReadsAnUndefinedTensor() {
        var graph = Graph()
        let a = graph.add(Tensor(name: "a", type: .float32, shape: [1, 4]))
        let b = graph.add(Tensor(name: "b", type: .float32, shape: [1, 4]))
        graph.operators = [Operator(kind: .relu, inputs: [a], outputs: [b])]
        graph.outputs = [b]
        #expect(throws: (any Error).self) { try Pipeline([]).run(&graph) }
    }
}
