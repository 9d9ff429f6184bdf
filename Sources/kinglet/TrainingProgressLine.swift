import Foundation
import KingletCompiler

/// Training progress on a terminal's stderr: one line per run rewritten at every step
/// (epoch, step, loss, accuracy, time left), closed at the end of each epoch with the held-out
/// figures. Silent when stderr is not a terminal.
final class TrainingProgressLine: @unchecked Sendable {
    private let enabled = isatty(2) != 0
    private var start = Progress.now()
    private var stage = ""

    func report(_ stage: String, _ p: TrainingProgress) {
        guard enabled else { return }
        if stage != self.stage || (p.epoch == 1 && p.step == 1) {
            self.stage = stage
            start = Progress.now()
        }
        let done = Double((p.epoch - 1) * p.steps + p.step)
        let total = Double(p.epochs * p.steps)
        let elapsed = Progress.now() - start
        let left = elapsed / done * (total - done)
        var line = String(format: "\r%@: epoch %d/%d step %d/%d loss %.4f", stage, p.epoch, p.epochs, p.step, p.steps, p.loss)
        if let accuracy = p.accuracy { line += String(format: " accuracy %.2f%%", 100 * accuracy) }
        line += String(format: " (%.0f s left)   ", left)
        if let v = p.validation {
            line += String(format: "\n  held out: loss %.4f", v.loss)
            if let accuracy = v.accuracy { line += String(format: " accuracy %.2f%%", 100 * accuracy) }
        }
        if p.step == p.steps { line += "\n" }
        FileHandle.standardError.write(Data(line.utf8))
    }
}
