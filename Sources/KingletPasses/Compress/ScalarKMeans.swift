import KingletIR

/// k-means on scalars (weight clustering): Lloyd's iterations from one of three
/// initialisations, on values sorted once so that each assignment is a sweep over the
/// midpoints between neighbouring centroids. Deterministic: the same values, count,
/// initialisation and seed give the same centroids.
public struct ScalarKMeans: Sendable {
    /// Where the centroids start.
    public enum Initialization: String, Sendable, CaseIterable {
        /// k-means++ (Arthur & Vassilvitskii): each next centroid drawn with probability
        /// proportional to the squared distance to the nearest one so far (seeded).
        case kmeansPlusPlus = "kmeans++"
        /// Evenly spaced between the smallest and largest value.
        case linear
        /// Evenly spaced in the values' distribution (at quantiles): more centroids where
        /// the weights are dense.
        case density
    }

    public let clusters: Int
    public let initialization: Initialization
    public let seed: UInt64
    public var maximumIterations = 100

    public init(clusters: Int, initialization: Initialization = .kmeansPlusPlus, seed: UInt64 = 0) {
        precondition(clusters >= 1, "ScalarKMeans needs at least one cluster")
        self.clusters = clusters
        self.initialization = initialization
        self.seed = seed
    }

    /// The centroids (ascending, at most `clusters`, fewer when there are fewer distinct
    /// values) and each value's centroid index.
    public func fit(_ values: [Float]) -> (centroids: [Float], assignment: [Int]) {
        guard !values.isEmpty else { return ([], []) }
        let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
        let sorted = order.map { values[$0] }
        var distinct: [Float] = []
        for v in sorted where distinct.last != v { distinct.append(v) }
        var centroids: [Float]
        if distinct.count <= clusters {
            centroids = distinct
        } else {
            centroids = initialCentroids(sorted, distinct: distinct)
            var boundaries = assign(sorted, centroids)
            for _ in 0..<maximumIterations {
                centroids = means(sorted, boundaries, previous: centroids)
                let next = assign(sorted, centroids)
                if next == boundaries { break }
                boundaries = next
            }
        }
        // Each value's nearest centroid (ties to the lower one).
        var assignment = [Int](repeating: 0, count: values.count)
        var c = 0
        for (rank, v) in sorted.enumerated() {
            while c + 1 < centroids.count && abs(centroids[c + 1] - v) < abs(centroids[c] - v) { c += 1 }
            assignment[order[rank]] = c
        }
        return (centroids, assignment)
    }

    /// For centroids in ascending order, the first sorted index of each cluster (plus the end).
    private func assign(_ sorted: [Float], _ centroids: [Float]) -> [Int] {
        var starts = [0]
        var c = 0
        for (i, v) in sorted.enumerated() {
            while c + 1 < centroids.count && abs(centroids[c + 1] - v) < abs(centroids[c] - v) {
                c += 1
                starts.append(i)
            }
        }
        while starts.count < centroids.count + 1 { starts.append(sorted.count) }
        return starts
    }

    /// The mean of each cluster (an empty cluster keeps its centroid), ascending.
    private func means(_ sorted: [Float], _ starts: [Int], previous: [Float]) -> [Float] {
        var result = previous
        for c in previous.indices where starts[c + 1] > starts[c] {
            var sum = 0.0
            for i in starts[c]..<starts[c + 1] { sum += Double(sorted[i]) }
            result[c] = Float(sum / Double(starts[c + 1] - starts[c]))
        }
        return result.sorted()
    }

    private func initialCentroids(_ sorted: [Float], distinct: [Float]) -> [Float] {
        let k = clusters
        switch initialization {
        case .linear:
            let low = sorted.first!, high = sorted.last!
            return (0..<k).map { low + (high - low) * Float($0) / Float(k - 1 == 0 ? 1 : k - 1) }
        case .density:
            // The value at the middle of each of k equal shares of the distribution.
            return (0..<k).map { j in sorted[min(sorted.count - 1, Int((Double(j) + 0.5) / Double(k) * Double(sorted.count)))] }
        case .kmeansPlusPlus:
            var random = SeededRandom(seed: seed)
            var chosen = [distinct[Int(random.next() % UInt64(distinct.count))]]
            var nearest = distinct.map { ($0 - chosen[0]) * ($0 - chosen[0]) }
            while chosen.count < k {
                let total = nearest.reduce(0.0) { $0 + Double($1) }
                guard total > 0 else { break }
                var target = Double(random.next() >> 11) / Double(1 << 53) * total
                var pick = distinct.count - 1
                for (i, d) in nearest.enumerated() {
                    target -= Double(d)
                    if target < 0 { pick = i; break }
                }
                let c = distinct[pick]
                chosen.append(c)
                for i in distinct.indices { nearest[i] = min(nearest[i], (distinct[i] - c) * (distinct[i] - c)) }
            }
            return chosen.sorted()
        }
    }
}
