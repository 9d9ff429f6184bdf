/// A clustered filter: each weight is one of a few shared values. Per-tensor and per-channel
/// codebooks have the same form: `centroids` holds every codebook's entries one after the
/// other (per channel: channel c's at c · N ..< (c + 1) · N), and `assignment[i]` is weight i's
/// entry, or −1 for a pruned zero, which stays zero. Fine-tuning trains the centroids (each
/// one's gradient is the sum of its weights') and writes the weights back from them.
public struct WeightClusters: Sendable, Equatable {
    public var centroids: [Float]
    public let assignment: [Int32]

    public init(centroids: [Float], assignment: [Int32]) {
        self.centroids = centroids
        self.assignment = assignment
    }

    /// The filter's values: each weight its centroid, pruned zeros zero.
    public var weights: [Float] {
        assignment.map { $0 < 0 ? 0 : centroids[Int($0)] }
    }

    /// The same clusters with each centroid read back from `weights` (a filter trained with
    /// these ties, whose weights of a cluster are all equal).
    public func reading(_ weights: [Float]) -> WeightClusters {
        var result = self
        for (i, c) in assignment.enumerated() where c >= 0 { result.centroids[Int(c)] = weights[i] }
        return result
    }

    /// Per centroid, the sum of `gradient` over its weights (the gradient of the loss with
    /// respect to the shared value).
    public func centroidGradient(_ gradient: [Float]) -> [Float] {
        var sums = [Float](repeating: 0, count: centroids.count)
        for (i, c) in assignment.enumerated() where c >= 0 { sums[Int(c)] += gradient[i] }
        return sums
    }
}
