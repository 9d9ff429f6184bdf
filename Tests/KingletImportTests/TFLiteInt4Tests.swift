import KingletIR
import Testing
@testable import KingletImport

/// TFLite's dense INT4 packing, and where INT4 tensors may appear.
@Suite struct TFLiteInt4Tests {
    @Test func unpacksLowNibbleFirstWithSignAndChecksLengthAndPadding() throws {
        // 0x12, 0x34 → 2, 1, 4, 3 (TFLite's own example); 0xF8 → −8, −1; odd count: high nibble 0.
        #expect(try TFLiteImporter.unpackInt4([0x12, 0x34], count: 4, buffer: 1, []).map { Int8(bitPattern: $0) } == [2, 1, 4, 3])
        #expect(try TFLiteImporter.unpackInt4([0xF8, 0x07], count: 3, buffer: 1, []).map { Int8(bitPattern: $0) } == [-8, -1, 7])
        #expect { try TFLiteImporter.unpackInt4([0xF8, 0x17], count: 3, buffer: 2, ["tensor 5 'w'"]) } throws: {
            "\($0)".contains("high nibble") && "\($0)".contains("tensor 5 'w'")
        }
        #expect { try TFLiteImporter.unpackInt4([0xF8], count: 3, buffer: 2, ["tensor 5 'w'"]) } throws: {
            "\($0)".contains("holds 1 bytes") && "\($0)".contains("need 2")
        }
    }

    @Test func int4IsOnlyAFilter() throws {
        var graph = Graph()
        let x = graph.add(Tensor(name: "x", type: .int8, shape: [1, 4]))
        let w = graph.add(Tensor(name: "w", type: .int8, shape: [2, 4], data: [UInt8](repeating: 1, count: 8)))
        let y = graph.add(Tensor(name: "y", type: .int8, shape: [1, 2]))
        graph.inputs = [x]
        graph.outputs = [y]
        graph.operators = [Operator(kind: .fullyConnected(activation: .none, keepNumDims: false), inputs: [x, w, -1], outputs: [y])]
        try TFLiteImporter.checkInt4(graph, int4: [w])
        graph.operators = [Operator(kind: .add(activation: .none), inputs: [x, w], outputs: [y])]
        #expect { try TFLiteImporter.checkInt4(graph, int4: [w]) } throws: { "\($0)".contains("ADD") && "\($0)".contains("'w'") }
        #expect { try TFLiteImporter.checkInt4(graph, int4: [x]) } throws: { "\($0)".contains("model input") }
    }
}
