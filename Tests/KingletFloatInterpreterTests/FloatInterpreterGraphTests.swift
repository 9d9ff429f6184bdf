import Foundation
import KingletFloatInterpreter
import KingletIR
import Testing

/// Whole graphs: operators chained, tensors read by several operators, intermediate graph
/// outputs, and a MobileNet-sized network for speed.
@Suite struct FloatInterpreterGraphTests {
    typealias S = ConvolutionReference.Shape

    /// conv (SAME, RELU) → residual ADD with the input → max pool → MEAN → dense → softmax,
    /// with the conv output also a graph output; against the same steps written out naively.
    @Test func chainWithResidualAndIntermediateOutput() throws {
        let x = FloatTesting.random(6 * 6 * 2, seed: 81)
        let w = FloatTesting.random(2 * 3 * 3 * 2, seed: 82)
        let bias = FloatTesting.random(2, seed: 83)
        let dense = FloatTesting.random(3 * 2, seed: 84)

        var b = FloatGraphBuilder()
        let input = b.input([1, 6, 6, 2])
        let conv = b.op(.conv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .same, activation: .relu)),
                        [input, b.constant([2, 3, 3, 2], w), b.constant([2], bias)], [1, 6, 6, 2], name: "conv")
        let sum = b.op(.add(activation: .none), [conv, input], [1, 6, 6, 2], name: "residual")
        let pooled = b.op(.maxPool2D(Pool2DAttributes(filterH: 2, filterW: 2, strideH: 2, strideW: 2,
                                                      padding: .valid, activation: .none)),
                          [sum], [1, 3, 3, 2], name: "pool")
        let mean = b.op(.mean(keepDims: false), [pooled, b.int32([2], [1, 2])], [1, 2], name: "gap")
        let logits = b.op(.fullyConnected(activation: .none, keepNumDims: false),
                          [mean, b.constant([3, 2], dense), -1], [1, 3], name: "dense")
        let probabilities = b.op(.softmax(beta: 1), [logits], [1, 3], name: "softmax")
        b.output(probabilities)
        b.output(conv)
        b.output(input)

        let outputs = try FloatInterpreter(graph: b.graph).run([x])

        let convolved = ConvolutionReference.conv(x, S(n: 1, h: 6, w: 6, c: 2), filter: w, kh: 3, kw: 3, bias: bias,
                                                  out: S(n: 1, h: 6, w: 6, c: 2), stride: (1, 1), padTop: 1, padLeft: 1)
            .map { max($0, 0) }
        let added = zip(convolved, x).map { $0 + $1 }
        var pool: [Float] = []
        for oy in 0..<3 { for ox in 0..<3 { for c in 0..<2 {
            pool.append([(0, 0), (0, 1), (1, 0), (1, 1)].map { added[((oy * 2 + $0.0) * 6 + ox * 2 + $0.1) * 2 + c] }.max()!)
        } } }
        let gap = (0..<2).map { c in (0..<9).reduce(Float(0)) { $0 + pool[$1 * 2 + c] } / 9 }
        let z = (0..<3).map { u in Double(gap[0] * dense[u * 2] + gap[1] * dense[u * 2 + 1]) }
        let e = z.map { Foundation.exp($0 - z.max()!) }
        let softmax = e.map { Float($0 / e.reduce(0, +)) }

        #expect(outputs.count == 3)
        #expect(FloatTesting.close(outputs[0], softmax))
        #expect(FloatTesting.close(outputs[1], convolved))
        #expect(outputs[2] == x)
        // The interpreter keeps no state between runs.
        #expect(try FloatInterpreter(graph: b.graph).run([x]) == outputs)
    }

    /// Two graph inputs, a constant read by two operators, an operator whose output nobody
    /// reads, and a constant graph output.
    @Test func sharedConstantsAndDeadOutputs() throws {
        var b = FloatGraphBuilder()
        let x = b.input([3], "a")
        let y = b.input([3], "b")
        let c = b.constant([3], [1, 2, 3], "c")
        let sum = b.op(.add(activation: .none), [x, c], [3], name: "sum")
        _ = b.op(.mul(activation: .none), [y, c], [3], name: "unused")
        let product = b.op(.mul(activation: .none), [sum, y], [3], name: "product")
        b.output(product)
        b.output(c)
        let outputs = try FloatInterpreter(graph: b.graph).run([[1, 1, 1], [2, 3, 4]])
        #expect(outputs == [[4, 9, 16], [1, 2, 3]])
    }

    /// A MobileNet v1 (width 1, 1000 classes) at 32×32 with random weights runs, and its
    /// softmax sums to 1. (Speed is measured by benchmarks, against a peer, never here.)
    @Test func mobileNetRuns() throws {
        var b = FloatGraphBuilder()
        var seed: UInt64 = 1000
        func weights(_ shape: [Int]) -> Int {
            seed += 1
            let count = shape.reduce(1, *)
            let scale = 1 / Float(shape.dropFirst().reduce(1, *)).squareRoot()
            return b.constant(shape, FloatTesting.random(count, seed: seed).map { $0 * scale })
        }
        var size = 32
        var depth = 32
        var t = b.input([1, size, size, 3])
        size = 16
        t = b.op(.conv2D(Conv2DAttributes(strideH: 2, strideW: 2, padding: .same, activation: .relu6)),
                 [t, weights([32, 3, 3, 3]), weights([32])], [1, size, size, depth])
        let blocks: [(Int, Int)] = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
                                    (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1)]
        for (outDepth, stride) in blocks {
            size = (size - 1) / stride + 1
            t = b.op(.depthwiseConv2D(Conv2DAttributes(strideH: stride, strideW: stride, padding: .same, activation: .relu6)),
                     [t, weights([1, 3, 3, depth]), weights([depth])], [1, size, size, depth])
            t = b.op(.conv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .same, activation: .relu6)),
                     [t, weights([outDepth, 1, 1, depth]), weights([outDepth])], [1, size, size, outDepth])
            depth = outDepth
        }
        t = b.op(.mean(keepDims: false), [t, b.int32([2], [1, 2])], [1, depth])
        t = b.op(.fullyConnected(activation: .none, keepNumDims: false), [t, weights([1000, depth]), weights([1000])], [1, 1000])
        b.output(b.op(.softmax(beta: 1), [t], [1, 1000]))

        let interpreter = try FloatInterpreter(graph: b.graph)
        let x = FloatTesting.random(32 * 32 * 3, seed: 1)
        let y = try interpreter.run([x])[0]
        #expect(y.count == 1000)
        #expect(y.allSatisfy { $0.isFinite && $0 >= 0 })
        #expect(abs(y.reduce(0, +) - 1) < 1e-4)
    }
}
