import KingletTrain

public typealias TrainingOptions = KingletTrain.TrainingOptions
public typealias TrainingSet = KingletTrain.TrainingSet
public typealias TrainingProgress = KingletTrain.TrainingProgress
public typealias TrainingLoss = KingletTrain.Loss
public typealias Optimizer = KingletTrain.Optimizer
public typealias LearningRateSchedule = KingletTrain.LearningRateSchedule
public typealias Distillation = KingletTrain.Distillation
public typealias TrainingMetrics = KingletTrain.TrainingMetrics

/// Retraining between compression stages (`kinglet compile --fine-tune`): the samples and
/// targets, how to train, and how pruning is spread over steps.
public struct FineTuning: Sendable {
    /// The training samples and their targets (labels, or target rows; none when distilling
    /// without labels).
    public var data: TrainingSet
    public var options: TrainingOptions
    /// The fraction of `data` held out (the last samples) to report validation accuracy on.
    public var validationFraction: Double = 0
    /// End with quantization-aware training: a fine-tuning with int8 rounding simulated, whose
    /// learned activation ranges the int8 model then uses instead of calibrated ones.
    public var quantizationAware = false
    /// The calibration method QAT's starting ranges come from (`--calibrate`); nil picks, among
    /// the automatic candidates, the one whose simulated int8 model is closest to float.
    public var rangeMethod: CalibrationMethod?
    /// Learn QAT's activation ranges by gradient (`--qat-ranges learned`) instead of tracking
    /// min/max ranges and keeping clipping ones.
    public var learnsRanges = false
    /// The model distillation learns from when it is not the model being compressed
    /// (`--student`: the compressed model is a smaller one, this is the original).
    public var teacher: FloatGraph?
    /// Learn from the original float model's logits (with `options.distillation`'s
    /// temperature and mix) rather than from the labels alone.
    public var distill: Bool { options.distillation != nil }

    public init(data: TrainingSet, options: TrainingOptions) {
        self.data = data
        self.options = options
    }

    /// The training set of `samples` (sample → model input → values) with `targets`: one class
    /// per sample, one row of values per sample, or none (distillation without labels).
    public static func trainingSet(_ samples: [[[Float]]], targets: [Float]) -> TrainingSet {
        let inputs = samples.first.map { first in first.indices.map { i in samples.flatMap { $0[i] } } } ?? []
        return TrainingSet(inputs: inputs, targets: targets, count: samples.count)
    }

    /// The sparsity after step `k` of `steps` towards `final`: the polynomial (cubic) schedule
    /// of gradual pruning (Zhu & Gupta 2017), which prunes fast while many weights are
    /// redundant and slowly near the end.
    public static func sparsity(step k: Int, of steps: Int, final: Double) -> Double {
        guard steps > 1 else { return final }
        let remaining = 1 - Double(k) / Double(steps)
        return final * (1 - remaining * remaining * remaining)
    }
}
