import KingletIR
import KingletPasses
import Testing

/// int4 weights: symmetric per channel in [−7, 7], each channel's clipping chosen to lower the
/// squared error, and QuantizeInt8 applying it to the operators it is asked to.
@Suite struct Int4WeightTests {
    func error(_ values: [Float], _ data: [Int8], _ scale: Float) -> Double {
        zip(values, data).reduce(0) { $0 + Double(($1.0 - scale * Float($1.1)) * ($1.0 - scale * Float($1.1))) }
    }

    @Test func valuesStayInRangeAndClippingLowersTheError() {
        // Channel 0: one outlier over many small weights; channel 1: evenly spread; channel 2: zeros.
        let outlier: [Float] = [3] + (1..<24).map { Float($0 % 7 - 3) * 0.1 }
        let even: [Float] = (0..<24).map { Float($0) / 23 * 2 - 1 }
        let values = outlier + even + [Float](repeating: 0, count: 24)
        let (data, scales) = WeightQuantizer.perChannelInt4(values, shape: [3, 24], axis: 0)
        #expect(data.allSatisfy { $0 >= -7 && $0 <= 7 })
        #expect(scales[2] == 1 && data[48...].allSatisfy { $0 == 0 })
        for c in 0..<2 {
            let channel = Array(values[(c * 24)..<(c * 24 + 24)]), q = Array(data[(c * 24)..<(c * 24 + 24)])
            let peak = channel.map(abs).max()!
            let unclipped = channel.map { Int8(max(-7, min(7, ($0 / (peak / 7)).rounded(.toNearestOrAwayFromZero)))) }
            #expect(error(channel, q, scales[c]) <= error(channel, unclipped, peak / 7))
            #expect(scales[c] >= peak * 0.5 / 7 - 1e-7 && scales[c] <= peak / 7)
        }
        // The outlier's channel clips (a smaller scale pays for the 23 small weights).
        #expect(scales[0] < 3.0 / 7)
    }

    @Test func quantizeInt8WritesInt4FiltersOnlyWhereAsked() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 8])
        let w: [Float] = (0..<32).map { Float(($0 * 5) % 17) / 8 - 1 }
        let h = b.apply(.fullyConnected(activation: .relu, keepNumDims: false), [x, b.constant("w1", [4, 8], w), -1], "h", [1, 4])
        let y = b.apply(.fullyConnected(activation: .none, keepNumDims: false), [h, b.constant("w2", [4, 4], Array(w.prefix(16))), -1], "y", [1, 4])
        b.output(y)
        var graph = try b.build()
        let ranges: [Int: ClosedRange<Float>] = [x: -1...1, h: 0...4, y: -4...4]
        try Pipeline([QuantizeInt8(ranges: ranges, int4Operators: [0])]).run(&graph)
        let first = graph.tensors[graph.operators[0].inputs[1]], second = graph.tensors[graph.operators[1].inputs[1]]
        let expected = WeightQuantizer.perChannelInt4(w, shape: [4, 8], axis: 0)
        #expect(QuantizeInt8Tests.int8s(first) == expected.data)
        #expect(first.quantization?.scales == expected.scales)
        #expect(QuantizeInt8Tests.int8s(second).contains { abs(Int($0)) > 7 })
    }
}
