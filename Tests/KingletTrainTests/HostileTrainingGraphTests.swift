import KingletIR
import Testing
@testable import KingletTrain

/// Graphs no real model holds are refused by `TrainingGraph` with the operator named, never
/// a trap: huge strides and dilations, shapes that disagree, the batch axis mixed in.
@Suite struct HostileTrainingGraphTests {
    private func refusal(_ graph: Graph) -> String? {
        do {
            _ = try TrainingGraph(graph: graph)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func hugeWindowsAndWrongShapesAreRefused() {
        for (stride, dilation) in [(Int.max, 1), (1, Int.max / 2), (1 << 40, 1 << 40)] {
            var b = TrainGraphBuilder()
            let x = b.input([1, 5, 5, 2])
            let a = Conv2DAttributes(strideH: stride, strideW: 1, dilationH: dilation, dilationW: 1, padding: .same, activation: .none)
            b.output(b.op(.conv2D(a), [x, b.constant([3, 3, 3, 2])], [1, 1, 5, 3]))
            let message = refusal(b.graph)
            #expect(message?.contains("CONV_2D") == true, "\(stride) \(dilation): \(message ?? "accepted")")
        }
        var b = TrainGraphBuilder()
        let x = b.input([1, 4])
        b.output(b.op(.fullyConnected(activation: .none, keepNumDims: false), [x, b.constant([3, 5])], [1, 3]))
        #expect(refusal(b.graph)?.contains("does not split into rows") == true)
    }

    @Test func operatorsThatMixSamplesAreRefused() {
        var b = TrainGraphBuilder()
        let x = b.input([1, 3, 4])
        b.output(b.op(.mean(keepDims: false), [x, b.int32([1], [0])], [3, 4]))
        #expect(refusal(b.graph)?.contains("batch axis") == true)
        var c = TrainGraphBuilder()
        let y = c.input([1, 3, 4])
        c.output(c.op(.transpose, [y, c.int32([3], [1, 0, 2])], [3, 1, 4]))
        #expect(refusal(c.graph)?.contains("batch axis") == true)
        var d = TrainGraphBuilder()
        let z = d.input([2, 3])
        d.output(d.op(.relu, [z], [2, 3]))
        #expect(refusal(d.graph)?.contains("batch axis 1") == true)
    }
}
