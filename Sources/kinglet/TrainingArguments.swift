import Foundation
import KingletCompiler
import KingletIO

/// The training options shared by `kinglet compile --fine-tune` (and `kinglet train`):
/// parsed into TrainingOptions, with the data files they name.
struct TrainingArguments {
    static let help = """
  --epochs N             epochs per fine-tuning (default 5)
  --batch-size B         samples per step (default 32)
  --learning-rate LR     base learning rate (default 0.001 for adam, 0.01 for sgd)
  --optimizer adam|sgd|sgd=MOMENTUM
                         Keras's update rules (default adam; sgd's momentum
                         default 0.9)
  --schedule constant|cosine|step=EPOCHS:FACTOR
                         learning rate over the run (default constant)
  --weight-decay L       decoupled weight decay on kernels (default 0)
  --loss sparse-ce|ce|bce|mse
                         default: sparse-ce for integer labels [samples], ce for
                         label rows [samples, classes]. Classification losses read
                         the logits before a final softmax (or sigmoid for bce)
  --validation-split F   hold out the last fraction F of the training samples and
                         report their loss and accuracy after each epoch
  --seed N               the shuffling seed (default 0); the same seed repeats a
                         run exactly
  --distill              learn from the original float model's logits (knowledge
                         distillation): α·CE(labels) + (1−α)·T²·KL(teacher/T ‖
                         student/T). Without --labels it needs only inputs
  --qat                  end with quantization-aware training: fine-tune with the
                         int8 model's rounding of weights (per channel) and
                         activations simulated, gradients straight through; the
                         int8 model then uses the trained ranges. Ranges start at
                         --calibrate's method, or at the automatic candidate
                         whose simulated int8 model is closest to float; min/max
                         ranges follow each batch, clipping ones stay. Measured
                         on the real int8 model (the report's int8 stage, --eval)
  --qat-ranges calibrated|learned
                         learned: QAT learns the activation ranges by gradient
                         with the weights (LSQ-style) from where they start
                         (default calibrated: as described under --qat)
  --temperature T        distillation temperature (default 4)
  --alpha A              weight of the label loss in distillation (default 0.1
                         with labels, 0 without)
"""

    var options = TrainingOptions()
    var validationFraction = 0.0
    /// `--loss`, when given.
    var loss: TrainingLoss?
    var distill = false
    var quantizationAware = false
    /// `--qat-ranges learned`.
    var learnsRanges = false
    var temperature = 4.0
    var alpha: Double?

    init(_ arguments: inout ArgumentList) throws(UsageError) {
        if let text = try arguments.value("--epochs") {
            guard let n = Int(text), n >= 1, n <= 100_000 else { throw UsageError("--epochs must be a whole number ≥ 1, not '\(text)'") }
            options.epochs = n
        }
        if let text = try arguments.value("--batch-size") {
            guard let n = Int(text), n >= 1, n <= 1 << 20 else { throw UsageError("--batch-size must be a whole number ≥ 1, not '\(text)'") }
            options.batchSize = n
        }
        if let text = try arguments.value("--optimizer") {
            switch text {
            case "adam": options.optimizer = .adamDefaults
            case "sgd": options.optimizer = .sgd(momentum: 0.9)
            default:
                guard text.hasPrefix("sgd="), let m = Double(text.dropFirst(4)), m >= 0, m < 1 else {
                    throw UsageError("--optimizer must be adam, sgd or sgd=MOMENTUM (0 ≤ momentum < 1), not '\(text)'")
                }
                options.optimizer = .sgd(momentum: m)
            }
        }
        if case .sgd = options.optimizer { options.learningRate = 0.01 }
        if let text = try arguments.value("--learning-rate") {
            guard let rate = Double(text), rate > 0, rate < 10 else { throw UsageError("--learning-rate must be a positive number, not '\(text)'") }
            options.learningRate = rate
        }
        if let text = try arguments.value("--schedule") {
            switch text {
            case "constant": options.schedule = .constant
            case "cosine": options.schedule = .cosine
            default:
                let parts = text.hasPrefix("step=") ? text.dropFirst(5).split(separator: ":") : []
                guard parts.count == 2, let every = Int(parts[0]), every >= 1, let factor = Double(parts[1]), factor > 0 else {
                    throw UsageError("--schedule must be constant, cosine or step=EPOCHS:FACTOR (e.g. step=10:0.5), not '\(text)'")
                }
                options.schedule = .step(every: every, factor: factor)
            }
        }
        if let text = try arguments.value("--weight-decay") {
            guard let decay = Double(text), decay >= 0, decay < 1 else { throw UsageError("--weight-decay must be in [0, 1), not '\(text)'") }
            options.weightDecay = decay
        }
        if let text = try arguments.value("--loss") {
            switch text {
            case "sparse-ce": loss = .sparseCategoricalCrossentropy
            case "ce": loss = .categoricalCrossentropy
            case "bce": loss = .binaryCrossentropy
            case "mse": loss = .meanSquaredError
            default: throw UsageError("--loss must be sparse-ce, ce, bce or mse, not '\(text)'")
            }
        }
        if let text = try arguments.value("--validation-split") {
            guard let f = Double(text), f >= 0, f < 1 else { throw UsageError("--validation-split must be in [0, 1), not '\(text)'") }
            validationFraction = f
        }
        if let text = try arguments.value("--seed") {
            guard let seed = UInt64(text) else { throw UsageError("--seed must be a non-negative whole number, not '\(text)'") }
            options.seed = seed
        }
        distill = arguments.flag("--distill")
        quantizationAware = arguments.flag("--qat")
        if let text = try arguments.value("--qat-ranges") {
            guard ["calibrated", "learned"].contains(text) else {
                throw UsageError("--qat-ranges must be calibrated or learned, not '\(text)'")
            }
            guard quantizationAware else { throw UsageError("--qat-ranges applies to --qat") }
            learnsRanges = text == "learned"
        }
        if let text = try arguments.value("--temperature") {
            guard let t = Double(text), t > 0, t <= 100 else { throw UsageError("--temperature must be a positive number, not '\(text)'") }
            temperature = t
        }
        if let text = try arguments.value("--alpha") {
            guard let a = Double(text), a >= 0, a <= 1 else { throw UsageError("--alpha must be in [0, 1], not '\(text)'") }
            alpha = a
        }
        if !distill && (alpha != nil || temperature != 4.0) {
            throw UsageError("--temperature and --alpha apply to --distill")
        }
    }

    /// The training set of `samples` with the labels in `labels` (nil: none, for distillation)
    /// and the options completed by what the labels are.
    func fineTuning(samples: [[[Float]]], labels: NpyArray?, labelsPath: String?) throws -> FineTuning {
        var options = self.options
        var targets: [Float] = []
        if let labels, let labelsPath {
            do { targets = try labels.floatValues() } catch { throw CompilerError(file: labelsPath, "\(error)") }
            guard labels.shape.first == samples.count else {
                throw CompilerError(file: labelsPath, "holds labels for \(labels.shape.first ?? 0) samples (shape \(labels.shape)); the training inputs have \(samples.count)")
            }
            if let bad = targets.firstIndex(where: { !$0.isFinite }) {
                throw CompilerError(file: labelsPath, "value \(bad) is \(targets[bad]); labels must be finite")
            }
            options.loss = loss ?? (labels.shape.count == 1 ? .sparseCategoricalCrossentropy : .categoricalCrossentropy)
            if options.loss == .sparseCategoricalCrossentropy && labels.shape.count != 1 {
                throw CompilerError(file: labelsPath, "sparse-ce needs one integer class per sample (shape [samples]), not shape \(labels.shape)")
            }
        } else if !distill {
            throw UsageError("fine-tuning needs --labels Y.npy (or --distill, which learns from the original model)")
        }
        if distill {
            guard options.loss == .sparseCategoricalCrossentropy || labels == nil else {
                throw UsageError("--distill mixes in integer class labels (sparse-ce); give labels shaped [samples] or none")
            }
            options.distillation = Distillation(temperature: temperature, alpha: labels == nil ? 0 : (alpha ?? 0.1))
            if labels == nil, let alpha, alpha > 0 { throw UsageError("--alpha \(alpha) mixes in the label loss, which needs --labels") }
        }
        var fineTuning = FineTuning(data: FineTuning.trainingSet(samples, targets: targets), options: options)
        fineTuning.validationFraction = validationFraction
        fineTuning.quantizationAware = quantizationAware
        fineTuning.learnsRanges = learnsRanges
        return fineTuning
    }
}
