/// How a training run goes: the loss, the optimizer and its schedule, the batches.
public struct TrainingOptions: Sendable, Hashable {
    public var epochs = 5
    public var batchSize = 32
    public var learningRate = 1e-3
    public var optimizer: Optimizer = .adamDefaults
    public var schedule: LearningRateSchedule = .constant
    /// Decoupled weight decay λ (w ← w − lr·λ·w per step) on kernels.
    public var weightDecay = 0.0
    /// Seeds the shuffling, so a run repeats exactly.
    public var seed: UInt64 = 0
    public var loss: Loss = .sparseCategoricalCrossentropy
    /// When set, the loss is distillation from the teacher's logits (`TrainingSet.teacher`).
    public var distillation: Distillation?
    /// How much of the old moving statistics a BatchNormalization step keeps.
    public var batchNormMomentum: Float = 0.99

    public init() {}
}
