import Foundation

/// What one fine-tuning run did: after which stage, and the loss and accuracy per epoch on
/// the training samples and the held-out ones.
public struct FineTuningRecord: Sendable {
    /// The stage the run followed, or `quantizationAware`, or `training`.
    public let stage: String
    public let epochs: [TrainingProgress]
    public let seconds: Double
}

extension FineTuningRecord {
    /// The stage name of quantization-aware training.
    public static let quantizationAware = "quantization-aware training"
    /// The stage name of `kinglet train`'s run (no compression before it).
    public static let training = "training"

    /// One report line: epochs, the last epoch's training loss and accuracy, and validation.
    public var text: String {
        let title = [FineTuningRecord.quantizationAware, FineTuningRecord.training].contains(stage) ? stage : "fine-tuning after \(stage)"
        guard let last = epochs.last else { return "  \(title): no epochs" }
        var line = "  \(title): \(epochs.count) epochs in \(String(format: "%.1f", seconds)) s, loss \(String(format: "%.4f", last.loss))"
        if let accuracy = last.accuracy { line += String(format: ", accuracy %.2f %%", 100 * accuracy) }
        if let v = last.validation {
            line += String(format: "; held out: loss %.4f", v.loss)
            if let accuracy = v.accuracy { line += String(format: ", accuracy %.2f %%", 100 * accuracy) }
        }
        return line
    }

    func json() -> [String: Any] {
        ["stage": stage, "seconds": seconds,
         "epochs": epochs.map { e -> [String: Any] in
             ["loss": e.loss, "accuracy": e.accuracy.map { $0 as Any } ?? NSNull(),
              "validation_loss": e.validation.map { $0.loss as Any } ?? NSNull(),
              "validation_accuracy": e.validation?.accuracy.map { $0 as Any } ?? NSNull()]
         }]
    }
}
