@testable import KingletPasses

extension RangeEstimator {
    /// The entropy search as first written, kept as the readable specification of
    /// `entropyRange`: every window's KL divergence computed from scratch, level by level,
    /// in the same operations and order as the fast `EntropyDivergence`, which must pick
    /// the same window bit for bit (`EntropySearchTests`).
    static func entropyRangeReference(_ histogram: CalibrationHistogram) -> (low: Double, high: Double) {
        entropySearchReference(histogram).range
    }

    /// The search's range, and the divergences of `windows` by the same definition.
    static func entropySearchReference(_ histogram: CalibrationHistogram, windows: [(Int, Int)] = [])
        -> (range: (low: Double, high: Double), divergences: [Double]) {
        let n = histogram.binCount
        let counts = histogram.counts
        // Prefix sums over bins [0, k): mass, Σ count·ln(count), and bins with any mass.
        var mass = [Double](repeating: 0, count: n + 1)
        var countLogCount = mass
        var occupied = [Int](repeating: 0, count: n + 1)
        for k in 0..<n {
            mass[k + 1] = mass[k] + counts[k]
            countLogCount[k + 1] = countLogCount[k] + referenceXLogX(counts[k])
            occupied[k + 1] = occupied[k] + (counts[k] > 0 ? 1 : 0)
        }
        let total = histogram.total
        let levels = quantizationLevels

        // KL(P‖Q) = (Σ P ln P − Σ_level P_level · ln(Q per bin)) / T + ln(T_Q / T), with P and
        // Q in counts, T the total mass and T_Q the window's own mass (Q's total).
        func divergence(_ a: Int, _ b: Int) -> Double {
            let inside = mass[b] - mass[a]
            guard b - a >= levels, inside > 0 else { return .infinity }
            let (low, high) = histogram.range(a, b)
            let span = high - low
            let below = mass[a], above = total - mass[b]
            let last = b - 1
            let firstExtra = a == last ? below + above : below
            let lastExtra = a == last ? 0 : above
            var pLogP = countLogCount[b] - countLogCount[a] + referenceXLogX(counts[a] + firstExtra) - referenceXLogX(counts[a])
            if a != last { pLogP += referenceXLogX(counts[last] + lastExtra) - referenceXLogX(counts[last]) }

            var pLogQ = 0.0
            var start = a
            for level in 0..<levels {
                // Bins [start, end) have their centres in this level.
                var end = b
                if level < levels - 1 {
                    let boundary = low + Double(level + 1) * span / Double(levels)
                    let firstAbove = ((boundary - histogram.low) / histogram.width - 0.5).rounded(.up)
                    end = Swift.min(Swift.max(Int(firstAbove), start), b)
                }
                if end == start { continue }
                let levelMass = mass[end] - mass[start]
                var pMass = levelMass
                var support = Double(occupied[end] - occupied[start])
                if start <= a && a < end {
                    pMass += firstExtra
                    if counts[a] == 0 && firstExtra > 0 { support += 1 }
                }
                if a != last && start <= last && last < end {
                    pMass += lastExtra
                    if counts[last] == 0 && lastExtra > 0 { support += 1 }
                }
                if pMass > 0 {
                    if levelMass == 0 { return .infinity }
                    pLogQ += pMass * naturalLog(levelMass / support)
                }
                start = end
            }
            return (pLogP - pLogQ) / total + naturalLog(inside / total)
        }

        let divergences = windows.map { divergence($0.0, $0.1) }
        var a = 0, b = n
        var best = divergence(a, b)
        for _ in 0..<entropySearchRounds {
            let previous = (a, b)
            for candidate in stride(from: n, through: histogram.zeroBin + 1, by: -1) {
                let d = divergence(a, candidate)
                if d < best { best = d; b = candidate }
            }
            for candidate in 0...histogram.zeroBin {
                let d = divergence(candidate, b)
                if d < best { best = d; a = candidate }
            }
            if previous == (a, b) { break }
        }
        return (histogram.range(a, b), divergences)
    }

    private static func referenceXLogX(_ x: Double) -> Double {
        x > 0 ? x * naturalLog(x) : 0
    }
}
