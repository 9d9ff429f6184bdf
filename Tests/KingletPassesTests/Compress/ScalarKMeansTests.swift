import Foundation
import KingletPasses
import Testing

/// k-means on scalars: it finds well-separated groups from every initialisation, ends at a
/// fixed point of Lloyd's iteration, repeats from a seed, and keeps exact values when there
/// are no more of them than clusters.
@Suite struct ScalarKMeansTests {
    /// Three groups around −1, 0.5 and 3 (spread ±0.05), interleaved.
    static let groups: [Float] = (0..<90).map { i in [-1, 0.5, 3][i % 3] + Float((i * 7) % 11 - 5) * 0.01 }

    @Test(arguments: ScalarKMeans.Initialization.allCases)
    func findsSeparatedGroups(initialization: ScalarKMeans.Initialization) {
        let (centroids, assignment) = ScalarKMeans(clusters: 3, initialization: initialization, seed: 4).fit(Self.groups)
        #expect(centroids.count == 3)
        for (c, target) in zip(centroids, [Float(-1), 0.5, 3]) { #expect(abs(c - target) < 0.06, "\(centroids)") }
        #expect(assignment.enumerated().allSatisfy { i, a in a == i % 3 })
    }

    /// Each centroid is the mean of its values and each value's centroid the nearest one.
    @Test(arguments: ScalarKMeans.Initialization.allCases)
    func endsAtAFixedPointOfLloyd(initialization: ScalarKMeans.Initialization) {
        let values: [Float] = (0..<500).map { i -> Float in
            let wave: Double = sin(Double(i) * 1.7)
            return Float(wave * exp(Double(i % 13) / 6))
        }
        let (centroids, assignment) = ScalarKMeans(clusters: 8, initialization: initialization, seed: 1).fit(values)
        #expect(centroids == centroids.sorted())
        for (c, centroid) in centroids.enumerated() {
            let members = values.indices.filter { assignment[$0] == c }.map { Double(values[$0]) }
            guard !members.isEmpty else { continue }
            #expect(abs(Float(members.reduce(0, +) / Double(members.count)) - centroid) < 1e-4)
        }
        for (v, a) in zip(values, assignment) {
            #expect(centroids.allSatisfy { abs($0 - v) >= abs(centroids[a] - v) - 1e-6 })
        }
    }

    @Test func theSameSeedRepeatsAndFewValuesStayExact() {
        let values: [Float] = (0..<300).map { Float(($0 * 37) % 101) / 7 }
        let a = ScalarKMeans(clusters: 5, seed: 9).fit(values)
        let b = ScalarKMeans(clusters: 5, seed: 9).fit(values)
        #expect(a.centroids == b.centroids && a.assignment == b.assignment)
        let few: [Float] = [2, -1, 2, 0.25, -1]
        let (centroids, assignment) = ScalarKMeans(clusters: 4).fit(few)
        #expect(centroids == [-1, 0.25, 2])
        #expect(assignment.map { centroids[$0] } == few)
    }
}
