import Foundation

/// The learning rate over a run, as a function of the step (0-based) out of `total`.
public enum LearningRateSchedule: Sendable, Hashable {
    case constant
    /// Half a cosine from the base rate down to 0 over the run.
    case cosine
    /// The rate times `factor` after every `every` epochs.
    case step(every: Int, factor: Double)

    public func rate(base: Double, step: Int, total: Int, stepsPerEpoch: Int) -> Double {
        switch self {
        case .constant: return base
        case .cosine:
            let progress = Double(step) / Double(Swift.max(total, 1))
            return base * 0.5 * (1 + Foundation.cos(Double.pi * progress))
        case .step(let every, let factor):
            let epoch = step / Swift.max(stepsPerEpoch, 1)
            return base * Foundation.pow(factor, Double(epoch / Swift.max(every, 1)))
        }
    }
}
