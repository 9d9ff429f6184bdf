/// KL(P‖Q) of the windows of one histogram, as `RangeEstimator.entropyRange` defines P and Q:
/// the search's cost function, evaluated thousands of times per histogram.
///
/// Every value is computed by the same operations, in the same order, as the definition
/// (`entropyRangeReference` in KingletPassesTests keeps it in its plain form, and a test
/// holds the two to the same windows bit for bit). What is faster is where values come from:
/// - Σ P ln Q adds one term per level, pMass · ln(levelMass / support), which depends only
///   on the level's bins [start, end) and on whether the window's edges (and so the mass
///   folded into them) are among them. Levels are nearly equally wide within a window and
///   windows overlap, so the same bins recur across the scans: a term is computed once and
///   kept (`terms`), not recomputed for every window.
/// - Likewise the folded edge bins' count·ln(count) (`foldedLow`, `foldedHigh`).
/// - The level boundary's ceiling comes from double arithmetic, without a branch or a call to
///   libm's `ceil` (the same integer for every double that `Int(_:)` accepts).
/// Terms are finite (|term| ≤ mass · 745), so +infinity can mark "Q is 0 where P is not".
/// Scratch memory belongs to the instance, one per histogram.
final class EntropyDivergence {
    static var levels: Int { RangeEstimator.quantizationLevels }
    /// Terms are kept for levels up to this many bins wide. Wider levels are rare (data far
    /// from 0 makes levels wide, and then few) and computed each time.
    private static let keptLength = 32

    /// Which of a level's ends is the window's, with the mass outside folded in.
    private enum Edges: Int {
        case none = 0, low = 1, high = 2
    }

    private let histogram: CalibrationHistogram
    private let n: Int
    /// Prefix sums over bins [0, k): mass, Σ count·ln(count), and bins with any mass.
    private let mass: UnsafeMutableBufferPointer<Double>
    private let countLogCount: UnsafeMutableBufferPointer<Double>
    private let occupied: UnsafeMutableBufferPointer<Int>
    /// count·ln(count) of each bin.
    private let binLogs: UnsafeMutableBufferPointer<Double>
    /// At a: (count + mass below a)·ln(…) of bin a as the window's first bin.
    private let foldedLow: UnsafeMutableBufferPointer<Double>
    /// At b: (count + mass from b up)·ln(…) − count·ln(count) of bin b − 1 as the window's last.
    private let foldedHigh: UnsafeMutableBufferPointer<Double>
    /// Per `Edges`, the term of bins [start, start + length) at
    /// edges · keptLength · bins + (length − 1) · bins + start (one or two lengths per
    /// window, read in order of start).
    private let terms: UnsafeMutableBufferPointer<Double>
    /// Scratch of one window: per level, the first bin above it.
    private let firstAbove: UnsafeMutableBufferPointer<Int>
    /// What the lazily filled tables hold until first needed: never a value (all are finite).
    private static let unknown = Double.nan

    init(_ histogram: CalibrationHistogram) {
        self.histogram = histogram
        n = histogram.binCount
        mass = .allocate(capacity: n + 1)
        countLogCount = .allocate(capacity: n + 1)
        occupied = .allocate(capacity: n + 1)
        binLogs = .allocate(capacity: n)
        foldedLow = .allocate(capacity: n)
        foldedLow.initialize(repeating: Self.unknown)
        foldedHigh = .allocate(capacity: n + 1)
        foldedHigh.initialize(repeating: Self.unknown)
        terms = .allocate(capacity: 3 * Self.keptLength * n)
        terms.initialize(repeating: Self.unknown)
        firstAbove = .allocate(capacity: Self.levels)
        let counts = histogram.counts
        mass[0] = 0
        countLogCount[0] = 0
        occupied[0] = 0
        for k in 0..<n {
            let countLog = RangeEstimator.xLogX(counts[k])
            binLogs[k] = countLog
            mass[k + 1] = mass[k] + counts[k]
            countLogCount[k + 1] = countLogCount[k] + countLog
            occupied[k + 1] = occupied[k] + (counts[k] > 0 ? 1 : 0)
        }
    }

    deinit {
        mass.deallocate()
        countLogCount.deallocate()
        occupied.deallocate()
        binLogs.deallocate()
        foldedLow.deallocate()
        foldedHigh.deallocate()
        terms.deallocate()
        firstAbove.deallocate()
    }

    /// KL(P‖Q) of window [a, b), 0 ≤ a < b ≤ bins; +infinity for a window narrower than
    /// `levels` bins, without mass, or where Q is 0 where P is not.
    ///
    /// KL(P‖Q) = (Σ P ln P − Σ_level P_level · ln(Q per bin)) / T + ln(T_Q / T), with P and
    /// Q in counts, T the total mass and T_Q the window's own mass (Q's total).
    func callAsFunction(_ a: Int, _ b: Int) -> Double {
        precondition(0 <= a && a < b && b <= n, "EntropyDivergence: window [\(a), \(b)) outside \(n) bins")
        let levels = Self.levels
        let inside = mass[b] - mass[a]
        guard b - a >= levels, inside > 0 else { return .infinity }
        let (low, high) = histogram.range(a, b)
        let span = high - low
        let histogramLow = histogram.low, width = histogram.width

        // Per level, the first bin whose centre lies above its upper boundary (the last
        // level's is b). Needing no other level, these go in a pass of their own, which the
        // processor overlaps freely. Clamped into [−1, bins + 1] (the end is clamped into
        // [start, b] ⊆ [0, bins] anyway), where `ceiling` is exact.
        let lowest = -1.0, highest = Double(n + 1)
        for level in 0..<(levels - 1) {
            let boundary = low + Double(level + 1) * span / Double(levels)
            let centre = (boundary - histogramLow) / width - 0.5
            firstAbove[level] = Self.ceiling(Swift.min(Swift.max(centre, lowest), highest))
        }
        firstAbove[levels - 1] = b

        var pLogQ = 0.0
        var start = a
        for level in 0..<levels {
            // Bins [start, end) have their centres in this level.
            let end = Swift.min(Swift.max(firstAbove[level], start), b)
            if end == start { continue }
            // At least `levels` bins wide, so a ≠ b − 1: the mass below folds into bin a and
            // the mass above into bin b − 1, two different bins. An empty level adds +0,
            // which leaves the sum as it was (it starts at +0 and is never −0).
            let term: Double
            if start == a {
                term = end == b ? computedTerm(start, end, foldsLow: true, foldsHigh: true) : self.term(start, end, .low)
            } else {
                term = self.term(start, end, end == b ? .high : .none)
            }
            if term == .infinity { return .infinity }
            pLogQ += term
            start = end
        }
        if foldedLow[a].isNaN {
            foldedLow[a] = RangeEstimator.xLogX(histogram.counts[a] + mass[a])
        }
        if foldedHigh[b].isNaN {
            let last = b - 1
            foldedHigh[b] = RangeEstimator.xLogX(histogram.counts[last] + (histogram.total - mass[b])) - binLogs[last]
        }
        var pLogP = countLogCount[b] - countLogCount[a] + foldedLow[a] - binLogs[a]
        pLogP += foldedHigh[b]
        return (pLogP - pLogQ) / histogram.total + RangeEstimator.naturalLog(inside / histogram.total)
    }

    /// The term of bins [start, end), kept after it is first computed.
    @inline(__always)
    private func term(_ start: Int, _ end: Int, _ edges: Edges) -> Double {
        let length = end &- start
        guard length <= Self.keptLength else {
            return computedTerm(start, end, foldsLow: edges == .low, foldsHigh: edges == .high)
        }
        let slot = (edges.rawValue &* Self.keptLength &+ length &- 1) &* n &+ start
        let kept = terms[slot]
        if !kept.isNaN { return kept }
        let term = computedTerm(start, end, foldsLow: edges == .low, foldsHigh: edges == .high)
        terms[slot] = term
        return term
    }

    /// pMass · ln(levelMass / support) of the level of bins [start, end), where P adds the
    /// mass below start to bin start (`foldsLow`) and the mass from end up to bin end − 1
    /// (`foldsHigh`), and a folded bin without mass of its own joins Q's support; 0 without
    /// P mass, +infinity for P mass without Q mass.
    private func computedTerm(_ start: Int, _ end: Int, foldsLow: Bool, foldsHigh: Bool) -> Double {
        let counts = histogram.counts
        let levelMass = mass[end] - mass[start]
        var pMass = levelMass
        var support = Double(occupied[end] - occupied[start])
        if foldsLow {
            let below = mass[start]
            pMass += below
            if counts[start] == 0 && below > 0 { support += 1 }
        }
        if foldsHigh {
            let above = histogram.total - mass[end]
            pMass += above
            if counts[end - 1] == 0 && above > 0 { support += 1 }
        }
        guard pMass > 0 else { return 0 }
        if levelMass == 0 { return .infinity }
        return pMass * RangeEstimator.naturalLog(levelMass / support)
    }

    /// Int(x.rounded(.up)) for |x| < 2^51, without libm or a branch. Adding 1.5·2^52 lands
    /// in [2^52, 2^53], where doubles are the integers: the sum is x rounded to the nearest
    /// integer r, plus 1.5·2^52, and its bit pattern counts up with it. r is within ½ of x,
    /// so the ceiling is r, or r + 1 when r lies below x.
    @inline(__always)
    private static func ceiling(_ x: Double) -> Int {
        let shift: Double = 0x1.8p52
        assert(Swift.abs(x) < 0x1p51, "EntropyDivergence.ceiling: \(x) out of range")
        let shifted = x + shift
        let rounded = Int(truncatingIfNeeded: shifted.bitPattern &- shift.bitPattern)
        return rounded &+ (shifted - shift < x ? 1 : 0)
    }
}
