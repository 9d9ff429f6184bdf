import Foundation

/// Knowledge distillation: the student's logits s learn the teacher's logits t softened by
/// a temperature T, mixed with the label loss: α · CE(labels, s) + (1 − α) · T² ·
/// KL(softmax(t/T) ‖ softmax(s/T)), averaged over the batch. With α = 0 it needs no labels.
/// The T² keeps the soft term's gradient on the scale of the hard one (Hinton et al.).
public struct Distillation: Sendable, Hashable {
    public var temperature: Double
    public var alpha: Double

    public init(temperature: Double = 4, alpha: Double = 0.1) {
        self.temperature = temperature
        self.alpha = alpha
    }

    /// The mean loss and its gradient with respect to the student's logits. `labels` holds
    /// one class per row, or is empty when α is 0.
    public func evaluate(student: [Float], teacher: [Float], labels: [Float], batch: Int) -> (loss: Double, gradient: [Float]) {
        let width = student.count / Swift.max(batch, 1)
        let t = temperature
        var gradient = [Float](repeating: 0, count: student.count)
        var total = 0.0
        for b in 0..<batch {
            let row = b * width
            let p = Loss.softmax(teacher, start: row, count: width, temperature: t)
            let q = Loss.softmax(student, start: row, count: width, temperature: t)
            var kl = 0.0
            for j in 0..<width where p[j] > 0 { kl += p[j] * (Foundation.log(p[j]) - Foundation.log(Swift.max(q[j], 1e-300))) }
            total += (1 - alpha) * t * t * kl
            for j in 0..<width { gradient[row + j] = Float((1 - alpha) * t * (q[j] - p[j]) / Double(batch)) }
        }
        if alpha > 0 {
            let hard = Loss.sparseCategoricalCrossentropy.evaluate(student, targets: labels, batch: batch)
            total += alpha * hard.loss * Double(batch)
            for i in gradient.indices { gradient[i] += Float(alpha) * hard.gradient[i] }
        }
        return (total / Double(batch), gradient)
    }
}
