import KingletIR
import KingletPasses
import Testing

/// Where each activation takes its int8 parameters from, checked against what QuantizeInt8
/// actually gives every tensor (the sharing QAT simulates must be the quantizer's).
@Suite struct Int8ActivationSharingTests {
    @Test func sharingIsWhatTheQuantizerDoes() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4, 4, 2])
        // conv → max pool → (concat) ; strided conv → (concat, retargeted) ; concat → reshape →
        // fully connected → softmax.
        let conv = b.apply(.conv2D(Attr.conv()), [x, b.ramp("k1", [3, 1, 1, 2]), -1], "conv", [1, 4, 4, 3])
        let pool = b.apply(.maxPool2D(Attr.pool()), [conv], "pool", [1, 2, 2, 3])
        let strided = b.apply(.conv2D(Attr.conv(stride: 2)), [x, b.ramp("k2", [3, 1, 1, 2]), -1], "strided", [1, 2, 2, 3])
        let joined = b.apply(.concatenation(axis: 3, activation: .none), [pool, strided], "joined", [1, 2, 2, 6])
        let flat = b.apply(.reshape, [joined], "flat", [1, 24])
        let logits = b.apply(.fullyConnected(activation: .none, keepNumDims: false), [flat, b.ramp("k3", [4, 24]), -1],
                             "logits", [1, 4])
        let probabilities = b.apply(.softmax(beta: 1), [logits], "probabilities", [1, 4])
        b.output(probabilities)
        let graph = try b.build()

        let sources = Int8ActivationSharing(graph).sources
        #expect(sources[x] == .own && sources[conv] == .own && sources[joined] == .own && sources[logits] == .own)
        #expect(sources[pool] == .sameAs(conv))
        #expect(sources[strided] == .sameAs(joined))
        #expect(sources[flat] == .sameAs(joined))
        guard case .fixed(let q) = sources[probabilities] else { Issue.record("softmax: \(String(describing: sources[probabilities]))"); return }
        #expect(q.scale == 1.0 / 256 && q.zeroPoint == -128)

        // Distinct ranges everywhere, so any sharing shows in the quantized graph.
        var ranges: [Int: ClosedRange<Float>] = [:]
        for (i, t) in ([x, conv, pool, strided, joined, flat, logits, probabilities]).enumerated() {
            ranges[t] = -1...Float(2 + i)
        }
        var quantized = graph
        try Pipeline([QuantizeInt8(ranges: ranges)]).run(&quantized)
        for (t, source) in sources {
            let expected: ActivationQuantization
            switch source {
            case .own: expected = ActivationQuantization(low: ranges[t]!.lowerBound, high: ranges[t]!.upperBound)
            case .sameAs(let s): expected = ActivationQuantization(low: ranges[s]!.lowerBound, high: ranges[s]!.upperBound)
            case .fixed(let q): expected = q
            }
            #expect(quantized.tensors[t].quantization == Quantization(scale: expected.scale, zeroPoint: expected.zeroPoint),
                    "\(graph.tensors[t].name)")
        }
    }
}
