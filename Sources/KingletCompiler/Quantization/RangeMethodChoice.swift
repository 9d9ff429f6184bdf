import Foundation
import KingletPasses

/// The automatic range-method choice, from measurements alone: min/max (the converter's
/// method, which clips nothing) unless a clipping method is clearly better on data its
/// ranges were not taken from — pooled over the calibration samples *and* sample by sample.
///
/// Each candidate comes with one error per calibration sample, measured out of sample by
/// k-fold (`folds(samples:)`): ranges from the samples outside the sample's fold. A clipping
/// method replaces min/max only when
/// - there are at least `minimumSamples` samples (fewer cannot tell a method that suits
///   them from one that suits data in general);
/// - its pooled SQNR beats min/max's by `margin` dB, and
/// - sample by sample, of the samples where the two errors differ (at least
///   `minimumDiffering` of them), it has the smaller error on at least `majority`.
/// Pooled SQNR alone is ruled by the few samples with the largest errors: a clipping method
/// can win it through one or two samples and lose on most, and then on new data (issue 12: a
/// 96×96 MobileNet chose percentile on 32 samples, +2.5 dB held out, −5 dB on test images).
/// Samples whose outputs are the same either way (a confident classifier's often are) say
/// nothing for or against a method, so they are left out of the count.
/// Of the methods that pass, the best pooled SQNR wins.
public struct RangeMethodChoice: Sendable {
    /// One sample's outputs against the float model's: Σ float², Σ (float − int8)².
    public struct SampleError: Sendable, Hashable {
        public var signal: Double
        public var noise: Double
        public init(signal: Double, noise: Double) {
            self.signal = signal
            self.noise = noise
        }
    }

    /// A method and its error on each calibration sample, measured out of sample.
    public struct Candidate: Sendable {
        public var method: CalibrationMethod
        public var outOfSample: [SampleError]
        public init(method: CalibrationMethod, outOfSample: [SampleError]) {
            self.method = method
            self.outOfSample = outOfSample
        }
    }

    /// How a candidate measured against min/max.
    public struct Verdict: Sendable {
        public let method: CalibrationMethod
        /// Pooled out-of-sample SQNR, dB.
        public let sqnr: Double
        /// Pooled SQNR minus min/max's; nil for min/max itself or without it.
        public let gain: Double?
        /// Samples on which its error is smaller than min/max's, and larger (nil as for `gain`).
        public let betterSamples: Int?
        public let worseSamples: Int?
        /// The median over samples of its per-sample gain, 10·log10(noise min/max / noise), dB.
        public let medianGain: Double?
        /// Whether it passes the rule (min/max always does).
        public let accepted: Bool
    }

    public let method: CalibrationMethod
    /// Why, in a sentence for the report.
    public let reason: String
    /// One per candidate, in the candidates' order.
    public let verdicts: [Verdict]

    /// Below this many calibration samples min/max stays. With 16, 8 folds of 2 held-out
    /// samples still let a clipping method through that lost up to 1.8 dB on test data (the
    /// rehearsal in benchmarks/range_rehearsal); from 32 on it never lost.
    public static let minimumSamples = 32
    /// dB by which a clipping method's pooled out-of-sample SQNR must beat min/max's.
    public static let margin = 1.0
    /// The share of the samples where errors differ on which a clipping method must have the
    /// smaller error.
    public static let majority = 2.0 / 3.0
    /// Samples on which the errors must differ for the count to mean anything.
    public static let minimumDiffering = 8
    /// Folds of the k-fold split (fewer when there are fewer samples).
    public static let maximumFolds = 8

    /// The k-fold split of `n` samples: k = min(n, `maximumFolds`), sample i in fold i mod k
    /// (calibration files are often sorted by class; interleaving spreads the classes). Every
    /// sample is held out once. Empty below 2 samples: nothing to hold out.
    public static func folds(samples n: Int) -> [[Int]] {
        guard n >= 2 else { return [] }
        let k = min(n, maximumFolds)
        return (0..<k).map { f in Array(stride(from: f, to: n, by: k)) }
    }

    /// 10·log10(Σ signal / Σ noise) over the samples.
    public static func pooledSQNR(_ errors: [SampleError]) -> Double {
        let signal = errors.reduce(0) { $0 + $1.signal }, noise = errors.reduce(0) { $0 + $1.noise }
        return noise == 0 ? .infinity : 10 * log10(max(signal, .leastNonzeroMagnitude) / noise)
    }

    /// Per sample, by how many dB `errors` is closer to float than `baseline`:
    /// 10·log10(baseline noise / noise) (the signal is the same); +∞ / −∞ where only one is
    /// exact, 0 where both are.
    public static func gains(_ errors: [SampleError], over baseline: [SampleError]) -> [Double] {
        zip(errors, baseline).map { mine, theirs in
            switch (mine.noise == 0, theirs.noise == 0) {
            case (true, true): 0
            case (true, false): .infinity
            case (false, true): -.infinity
            case (false, false): 10 * log10(theirs.noise / mine.noise)
            }
        }
    }

    /// Samples one method must be better on, out of `n` where the errors differ.
    public static func samplesNeeded(_ n: Int) -> Int {
        max(Int((majority * Double(n)).rounded(.up)), 1)
    }

    /// How `errors` compares with `baseline` sample by sample and pooled, and whether it is
    /// clearly better by this rule (enough samples, `margin` pooled, `majority` of the samples
    /// that differ). Optional transformations judged out of sample (bias correction, cross-layer
    /// equalization) pass the same test.
    public struct Comparison: Sendable {
        public let gain: Double
        public let betterSamples: Int
        public let worseSamples: Int
        public let medianGain: Double?
        public let clearlyBetter: Bool
    }

    public static func compare(_ errors: [SampleError], with baseline: [SampleError]) -> Comparison {
        let gains = Self.gains(errors, over: baseline).sorted()
        let better = gains.filter { $0 > 0 }.count, worse = gains.filter { $0 < 0 }.count
        let gain = pooledSQNR(errors) - pooledSQNR(baseline)
        // The lower median: never the mean of +∞ and −∞.
        let median = gains.isEmpty ? nil : gains[(gains.count - 1) / 2]
        let clearly = baseline.count >= minimumSamples && errors.count == baseline.count && gain >= margin
            && better + worse >= minimumDiffering && better >= samplesNeeded(better + worse)
        return Comparison(gain: gain, betterSamples: better, worseSamples: worse, medianGain: median, clearlyBetter: clearly)
    }

    public init(_ candidates: [Candidate]) {
        precondition(!candidates.isEmpty, "RangeMethodChoice needs a candidate")
        guard let baseline = candidates.first(where: { $0.method == .minMax }) else {
            // Nothing to compare with: the best pooled SQNR.
            let scored = candidates.map { ($0.method, Self.pooledSQNR($0.outOfSample)) }
            let best = scored.max { $0.1 < $1.1 }!
            method = best.0
            reason = "best out-of-sample SQNR"
            verdicts = scored.map { Verdict(method: $0.0, sqnr: $0.1, gain: nil, betterSamples: nil, worseSamples: nil, medianGain: nil, accepted: true) }
            return
        }
        let n = baseline.outOfSample.count
        let base = Self.pooledSQNR(baseline.outOfSample)
        verdicts = candidates.map { candidate in
            let sqnr = Self.pooledSQNR(candidate.outOfSample)
            guard candidate.method != .minMax else {
                return Verdict(method: candidate.method, sqnr: sqnr, gain: nil, betterSamples: nil, worseSamples: nil, medianGain: nil, accepted: true)
            }
            let c = Self.compare(candidate.outOfSample, with: baseline.outOfSample)
            return Verdict(method: candidate.method, sqnr: sqnr, gain: sqnr - base, betterSamples: c.betterSamples,
                           worseSamples: c.worseSamples, medianGain: c.medianGain, accepted: c.clearlyBetter)
        }
        func describe(_ v: Verdict) -> String {
            String(format: "%@ %+.1f dB, better on %d and worse on %d of %d samples", v.method.description, v.gain ?? 0,
                   v.betterSamples ?? 0, v.worseSamples ?? 0, n)
        }
        let clipping = verdicts.filter { $0.method != .minMax }
        if let best = clipping.filter(\.accepted).max(by: { $0.sqnr < $1.sqnr }) {
            method = best.method
            reason = "\(describe(best)) against minmax out of sample"
        } else {
            method = .minMax
            if n < Self.minimumSamples {
                reason = "minmax: \(n) calibration samples, fewer than the \(Self.minimumSamples) needed to judge a clipping method"
            } else if let closest = clipping.max(by: { $0.sqnr < $1.sqnr }) {
                reason = "minmax: no clipping method gains \(Self.format(Self.margin)) dB out of sample and is better on 2/3 of the (at least \(Self.minimumDiffering)) samples where the errors differ (closest: \(describe(closest)))"
            } else {
                reason = "minmax"
            }
        }
    }

    static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
