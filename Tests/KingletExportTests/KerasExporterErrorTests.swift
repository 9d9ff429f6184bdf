import KingletExport
import KingletIR
import Testing

/// What the exporter refuses, and that its messages name the operator and the problem.
@Suite struct KerasExporterErrorTests {
    /// x [1, 4] → `kind` (with `extra` operands) → output of `shape`.
    static func graph(_ kind: OperatorKind, extra: [Tensor] = [], shape: [Int] = [1, 4], name: String = "layer") -> Graph {
        var graph = Graph()
        let x = graph.add(Tensor(name: "x", type: .float32, shape: [1, 4]))
        let operands = extra.map { graph.add($0) }
        let y = graph.add(Tensor(name: "y", type: .float32, shape: shape))
        graph.operators = [Operator(kind: kind, inputs: [x] + operands, outputs: [y], name: name)]
        graph.inputs = [x]
        graph.outputs = [y]
        return graph
    }

    static func error(_ graph: Graph) -> ExportError? {
        do {
            _ = try KerasExporter.export(graph)
            return nil
        } catch {
            return error
        }
    }

    @Test func refusesOperatorsWithoutKerasLayer() throws {
        let error = try #require(Self.error(Self.graph(.quantize, name: "to_int8")))
        guard case let .unsupportedOperator(index, kind, layer, reason) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(index == 0 && kind == "QUANTIZE" && layer == "to_int8")
        #expect(reason.contains("no Keras layer computes QUANTIZE"))
        #expect(error.description.hasPrefix("Keras export: operator 0 (QUANTIZE 'to_int8'): "))
    }

    @Test func refusesAttributesKerasCannotExpress() throws {
        let softmax = try #require(Self.error(Self.graph(.softmax(beta: 2))))
        #expect(softmax.description.contains("beta 2.0"))
        let gelu = try #require(Self.error(Self.graph(.gelu(approximate: true))))
        #expect(gelu.description.contains("tanh approximation"))
        let permutation = Tensor(name: "perm", shape: [2], int32s: [1, 0])
        let transpose = try #require(Self.error(Self.graph(.transpose, extra: [permutation], shape: [4, 1])))
        #expect(transpose.description.contains("batch axis"))
        let higherRank = Tensor(name: "c", shape: [1, 1, 4], floats: [1, 2, 3, 4])
        let add = try #require(Self.error(Self.graph(.add(activation: .none), extra: [higherRank], shape: [1, 1, 4])))
        #expect(add.description.contains("ADD 'layer'") && add.description.contains("Rescaling"))
    }

    @Test func refusesQuantizedGraphs() throws {
        var graph = Self.graph(.relu)
        graph.tensors[0].type = .int8
        let error = try #require(Self.error(graph))
        #expect(error.description.contains("only float32 graphs"))
    }
}
