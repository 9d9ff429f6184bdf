import Foundation
import KingletImport
import KingletIO
import KingletIR
import Testing

/// `kinglet train` and `kinglet compile --fine-tune … --save-float` as a user runs them: the
/// written `.keras` files import again, the pruned zeros survive, and bad input is refused
/// with the file named and nothing written.
@Suite struct TrainCLITests {
    static let digits = KingletProcess.repository.appendingPathComponent("Examples/digits")
    static func path(_ file: String) -> String { digits.appendingPathComponent(file).path }

    @Test func trainWritesAKerasModelThatImportsAgain() throws {
        let directory = try KingletProcess.temporaryDirectory()
        let output = directory.appendingPathComponent("trained.keras").path
        let result = try KingletProcess.run(["train", Self.path("digits_cnn.keras"), "--data", Self.path("train_x.npy"),
                                             "--labels", Self.path("train_y.npy"), "--epochs", "1", "--seed", "3",
                                             "--eval", Self.path("eval_x.npy"), "--eval-labels", Self.path("eval_y.npy"),
                                             "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("trained 1 epochs on 1257 samples") && result.stdout.contains("held out (360 samples)"))
        let graph = try KerasImporter.importModel(Array(Data(contentsOf: URL(fileURLWithPath: output))))
        // The same layers, BatchNormalization included (trained, not folded).
        #expect(graph.operators.contains { $0.kind.name == "BATCH_NORMALIZATION" })
        #expect(graph.operators.filter { $0.kind.name == "CONV_2D" }.count == 2)
    }

    @Test func compileSavesThePrunedFineTunedFloatModel() throws {
        let directory = try KingletProcess.temporaryDirectory()
        let float = directory.appendingPathComponent("pruned.keras").path
        let result = try KingletProcess.run(["compile", Self.path("digits_cnn.keras"), "--calibration", Self.path("calibration.npy"),
                                             "--prune", "sparsity=0.75", "--fine-tune", Self.path("train_x.npy"),
                                             "--labels", Self.path("train_y.npy"), "--epochs", "1", "--save-float", float,
                                             "-o", directory.appendingPathComponent("pruned.kgl").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("fine-tuning after magnitude pruning: 1 epochs"))
        let graph = try KerasImporter.importModel(Array(Data(contentsOf: URL(fileURLWithPath: float))))
        // The largest filter keeps its pruned zeros through training and the Keras file.
        let filters = graph.operators.filter { $0.kind.name == "CONV_2D" }.compactMap { graph.tensors[$0.inputs[1]].floatValues }
        let largest = try #require(filters.max { $0.count < $1.count })
        let zeros = Double(largest.filter { $0 == 0 }.count) / Double(largest.count)
        #expect(zeros > 0.7, "zeros \(zeros)")
    }

    /// A smaller Keras model (the digits MLP) learns from the CNN's logits without labels.
    @Test func compileDistillsIntoAStudent() throws {
        let directory = try KingletProcess.temporaryDirectory()
        let student = KingletProcess.repository.appendingPathComponent("Tests/Fixtures/quantization/digits_mlp.keras").path
        let output = directory.appendingPathComponent("student.kgl").path
        let result = try KingletProcess.run(["compile", Self.path("digits_cnn.keras"), "--student", student, "--distill",
                                             "--calibration", Self.path("calibration.npy"), "--fine-tune", Self.path("train_x.npy"),
                                             "--epochs", "1", "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("fine-tuning after float model: 1 epochs"))
        // The student was compiled: the MLP's FULLY_CONNECTED layers, no convolution.
        let inspect = try KingletProcess.run(["inspect", output])
        #expect(inspect.stdout.contains("FULLY_CONNECTED") && !inspect.stdout.contains("CONV_2D"))
        let noDistill = try KingletProcess.run(["compile", Self.path("digits_cnn.keras"), "--student", student,
                                                "--calibration", Self.path("calibration.npy"), "-o", output])
        #expect(noDistill.status == 2 && noDistill.stderr.contains("--distill"))
    }

    @Test func badTrainingInputIsRefusedAndNothingIsWritten() throws {
        let directory = try KingletProcess.temporaryDirectory()
        let output = directory.appendingPathComponent("out.keras").path
        // 360 labels for 1 257 samples.
        let mismatch = try KingletProcess.run(["train", Self.path("digits_cnn.keras"), "--data", Self.path("train_x.npy"),
                                               "--labels", Self.path("eval_y.npy"), "-o", output])
        #expect(mismatch.status == 1 && mismatch.stderr.contains("eval_y.npy") && mismatch.stderr.contains("1257"))
        #expect(!FileManager.default.fileExists(atPath: output))
        // Labels beyond the model's 10 classes.
        let labels = directory.appendingPathComponent("labels.npy")
        try Data(try NpyArray(shape: [1257], values: [Int32](repeating: 12, count: 1257)).encoded()).write(to: labels)
        let outOfRange = try KingletProcess.run(["train", Self.path("digits_cnn.keras"), "--data", Self.path("train_x.npy"),
                                                 "--labels", labels.path, "-o", output])
        #expect(outOfRange.status == 1 && outOfRange.stderr.contains("label 0 is 12"), "\(outOfRange.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
        // Usage errors: not a .keras output, --qat on train, --distill without a teacher, --qat without data.
        for arguments in [["-o", directory.appendingPathComponent("out.h5").path],
                          ["--qat", "-o", output], ["--distill", "-o", output]] {
            let usage = try KingletProcess.run(["train", Self.path("digits_cnn.keras"), "--data", Self.path("train_x.npy"),
                                                "--labels", Self.path("train_y.npy")] + arguments)
            #expect(usage.status == 2, "\(arguments): \(usage.stderr)")
        }
        // A teacher whose inputs differ from the student's (wine: 13 features).
        let wine = KingletProcess.repository.appendingPathComponent("Tests/Fixtures/quantization/wine_mlp.keras").path
        let teacher = try KingletProcess.run(["train", Self.path("digits_cnn.keras"), "--data", Self.path("train_x.npy"),
                                              "--distill", "--teacher", wine, "-o", output])
        #expect(teacher.status == 1 && teacher.stderr.contains("wine_mlp.keras") && teacher.stderr.contains("same inputs"),
                "\(teacher.stderr)")
        let noData = try KingletProcess.run(["compile", Self.path("digits_cnn.keras"), "--calibration", Self.path("calibration.npy"),
                                             "--qat", "-o", directory.appendingPathComponent("x.kgl").path])
        #expect(noData.status == 2 && noData.stderr.contains("--fine-tune"))
        // --qat-ranges: only with --qat, and only its two values.
        for (arguments, says) in [(["--qat-ranges", "learned"], "applies to --qat"),
                                  (["--qat", "--qat-ranges", "lsq"], "calibrated or learned")] {
            let usage = try KingletProcess.run(["compile", Self.path("digits_cnn.keras"), "--calibration", Self.path("calibration.npy"),
                                                "--fine-tune", Self.path("train_x.npy"), "--labels", Self.path("train_y.npy"),
                                                "-o", directory.appendingPathComponent("y.kgl").path] + arguments)
            #expect(usage.status == 2 && usage.stderr.contains(says), "\(arguments): \(usage.stderr)")
        }
    }
}
