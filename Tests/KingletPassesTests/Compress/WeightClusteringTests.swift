import Foundation
import KingletIR
import KingletPasses
import Testing

/// Weight clustering of a graph: at most N values per codebook (per filter or per output
/// channel), pruned zeros kept, the recorded clusters matching the weights, layers named in
/// errors.
@Suite struct WeightClusteringTests {
    /// x [1, 6] → FULLY_CONNECTED "fc" [4, 6] → FULLY_CONNECTED "head" [2, 4].
    func graph(zeros: Bool) throws -> Graph {
        var b = GraphBuilder()
        let x = b.input("x", [1, 6])
        let fcWeights: [Float] = (0..<24).map { i -> Float in
            let wave = Float(sin(Double(i) * 2.3))
            return zeros && i % 3 == 0 ? 0 : wave * Float(1 + i / 6)
        }
        let fc = b.apply(.fullyConnected(activation: .relu, keepNumDims: false), [x, b.constant("fc/kernel", [4, 6], fcWeights), -1], "fc", [1, 4])
        let head = b.apply(.fullyConnected(activation: .none, keepNumDims: false),
                           [fc, b.constant("head/kernel", [2, 4], [0.5, -0.5, 0.5, 0.25, 1, 1, -1, 0.5]), -1], "head", [1, 2])
        b.output(head)
        return try b.build()
    }

    func filter(_ graph: Graph, _ name: String) -> [Float] {
        graph.tensors.first { $0.name == name }!.floatValues!
    }

    @Test func perTensorKeepsZerosAndAtMostNValues() throws {
        var graph = try graph(zeros: true)
        let before = filter(graph, "fc/kernel")
        var clustering = WeightClustering(clusters: 4)
        try clustering.cluster(&graph)
        let after = filter(graph, "fc/kernel")
        #expect(Set(after).count <= 4 && Set(after).contains(0))
        #expect(zip(before, after).allSatisfy { ($0 == 0) == ($1 == 0) })
        let clusters = try #require(clustering.clustered["fc/kernel"])
        #expect(clusters.weights == after)
        #expect(clusters.assignment.enumerated().allSatisfy { i, a in (a < 0) == (before[i] == 0) })
        let fc = try #require(clustering.decisions.first { $0.layer == "fc" })
        #expect(fc.applied && fc.distinctValues <= 4)
        // Clustering moves each nonzero weight to the nearest nonzero value of its codebook
        // (zero is the pruned weights' entry).
        let shared = Set(after).subtracting([0])
        #expect(zip(before, after).allSatisfy { b, a in b == 0 || shared.allSatisfy { abs($0 - b) >= abs(a - b) - 1e-6 } })
    }

    @Test func perChannelGivesEachOutputChannelItsOwnCodebook() throws {
        var graph = try graph(zeros: false)
        var clustering = WeightClustering(clusters: 2, scope: .channel)
        try clustering.cluster(&graph)
        let after = filter(graph, "fc/kernel")
        for c in 0..<4 { #expect(Set(after[(c * 6)..<(c * 6 + 6)]).count <= 2) }
        #expect(Set(after).count > 2)
        let clusters = try #require(clustering.clustered["fc/kernel"])
        #expect(clusters.centroids.count == 4 * 2)
        // Channel c's weights use entries c·2 and c·2 + 1.
        #expect(clusters.assignment.enumerated().allSatisfy { i, a in Int(a) / 2 == i / 6 })
    }

    @Test func aLayerWithFewValuesIsLeftAndBadSettingsAreRefused() throws {
        var graph = try graph(zeros: false)
        var clustering = WeightClustering(clusters: nil, perLayer: ["head": 8])
        try clustering.cluster(&graph)
        #expect(clustering.decisions.count == 1 && !clustering.decisions[0].applied)
        #expect(clustering.decisions[0].reason?.contains("already") == true)
        #expect(clustering.clustered.isEmpty)
        var unknown = WeightClustering(clusters: nil, perLayer: ["conv9": 8])
        #expect { try unknown.cluster(&graph) } throws: { "\($0)".contains("conv9") && "\($0)".contains("fc, head") }
        var one = WeightClustering(clusters: 1)
        #expect { try one.cluster(&graph) } throws: { "\($0)".contains("from 2 to 256") }
    }
}
