/// Where a training run is, reported after every step and at the end of every epoch.
public struct TrainingProgress: Sendable {
    public let epoch: Int
    public let epochs: Int
    public let step: Int
    public let steps: Int
    /// The mean loss and accuracy of the epoch's steps so far (accuracy nil when the loss
    /// has no classes).
    public let loss: Double
    public let accuracy: Double?
    /// Set at the end of an epoch when there is a validation set.
    public let validation: TrainingMetrics?
}

/// Loss and accuracy over a set of samples.
public struct TrainingMetrics: Sendable {
    public let loss: Double
    public let accuracy: Double?
}
