import Foundation
import KingletIO
import Testing
@testable import KingletTrain

/// The losses against the values and gradients Keras computed (Tests/Fixtures/train,
/// loss_* files). The engine's losses read logits; for Keras's probability forms the
/// fixture's probabilities become logits (log p, or logit p) and only the value is compared.
@Suite struct LossTests {
    private func load(_ file: String) throws -> [Float] {
        try TensorFlowGradientTests.npy(file).floatValues()
    }

    private func expectLoss(_ name: String, _ result: (loss: Double, gradient: [Float]), gradient: Bool = true) throws {
        let expected = try load("\(name).loss.npy")[0]
        #expect(abs(result.loss - Double(expected)) <= 1e-5 * max(1, abs(Double(expected))), "\(name): \(result.loss), Keras \(expected)")
        if gradient { TensorFlowGradientTests.expectClose(result.gradient, try load("\(name).grad.npy"), name) }
    }

    @Test func classificationAndRegressionLossesMatchKeras() throws {
        let cases: [(String, Loss, String)] = [
            ("loss_sparse_ce_logits", .sparseCategoricalCrossentropy, "logits"),
            ("loss_ce_logits", .categoricalCrossentropy, "logits"),
            ("loss_ce_logits_onehot", .categoricalCrossentropy, "logits"),
            ("loss_bce_logits", .binaryCrossentropy, "logits"),
            ("loss_mse", .meanSquaredError, "pred"),
        ]
        for (name, loss, input) in cases {
            let output = try load("\(name).\(input).npy")
            let targets = try load("\(name).target.npy")
            let batch = try TensorFlowGradientTests.npy("\(name).\(input).npy").shape[0]
            try expectLoss(name, loss.evaluate(output, targets: targets, batch: batch))
        }
    }

    @Test func probabilityFormsHaveTheSameValue() throws {
        let p = try load("loss_sparse_ce_probs.pred.npy")
        try expectLoss("loss_sparse_ce_probs", Loss.sparseCategoricalCrossentropy.evaluate(
            p.map { Foundation.log($0) }, targets: try load("loss_sparse_ce_probs.target.npy"), batch: 4), gradient: false)
        let q = try load("loss_bce_probs.pred.npy")
        try expectLoss("loss_bce_probs", Loss.binaryCrossentropy.evaluate(
            q.map { Foundation.log($0 / (1 - $0)) }, targets: try load("loss_bce_probs.target.npy"), batch: 4), gradient: false)
    }

    @Test func distillationMatchesKeras() throws {
        let distillation = Distillation(temperature: 3, alpha: 0.3)
        try expectLoss("loss_distill", distillation.evaluate(
            student: try load("loss_distill.logits.npy"), teacher: try load("loss_distill.teacher.npy"),
            labels: try load("loss_distill.target.npy"), batch: 4))
        let unlabeled = Distillation(temperature: 3, alpha: 0)
        try expectLoss("loss_distill_unlabeled", unlabeled.evaluate(
            student: try load("loss_distill_unlabeled.logits.npy"), teacher: try load("loss_distill_unlabeled.teacher.npy"),
            labels: [], batch: 4))
    }
}
