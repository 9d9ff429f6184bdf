import Foundation
import KingletCompiler

/// `kinglet train MODEL.keras --data X.npy --labels Y.npy -o OUT.keras`
struct TrainCommand: Command {
    static let name = "train"
    static let abstract = "train or fine-tune a float Keras model in Swift, written back as .keras"
    static let help = """
    Usage: kinglet train MODEL.keras --data X.npy [--labels Y.npy] -o OUT.keras
                         [--eval X.npy --eval-labels Y.npy] [--distill --teacher T.keras]
                         [--epochs N] [--batch-size B] [--learning-rate LR] ...

    Trains the float model MODEL (a Keras .keras or .h5 file) on the samples in X.npy
    (float32 [samples, ...input shape], once per model input) with targets Y.npy, and
    writes the trained model as a Keras 3 .keras file that Keras loads. Training runs
    in Swift (docs/TRAINING.md): BatchNormalization in training mode (batch statistics,
    moving averages updated), Dropout left out, SeparableConv2D as its depthwise and
    pointwise halves (written back as two layers). To fine-tune a compressed model and
    write it back, use kinglet compile --fine-tune ... --save-float OUT.keras.

    Options:
      --data FILE            training inputs (once per model input)
      --labels FILE          integer classes [samples] or rows [samples, classes]
      -o, --output FILE      the trained model (.keras; written only on success)
      --eval FILE            held-out inputs measured before and after training (once
                             per model input)
      --eval-labels FILE     their labels
      --teacher FILE         with --distill: the model whose logits the student
                             (MODEL) learns; then --labels is optional
    \(TrainingArguments.help)
      -h, --help             show this help
    """

    let model: String
    let output: String
    let data: [String]
    let labels: String?
    let evaluation: [String]
    let evaluationLabels: String?
    let teacher: String?
    let training: TrainingArguments

    init(_ arguments: inout ArgumentList) throws(UsageError) {
        let output = try arguments.output()
        data = try arguments.values("--data")
        labels = try arguments.value("--labels")
        evaluation = try arguments.values("--eval")
        evaluationLabels = try arguments.value("--eval-labels")
        teacher = try arguments.value("--teacher")
        training = try TrainingArguments(&arguments)
        let positionals = try arguments.positionals()
        guard positionals.count == 1 else {
            throw UsageError(positionals.isEmpty ? "missing MODEL" : "expected one MODEL, got \(positionals.count)")
        }
        guard let output else { throw UsageError("missing -o OUT.keras") }
        guard output.hasSuffix(".keras") else { throw UsageError("-o must name a .keras file (Keras 3 format), not '\(output)'") }
        guard !data.isEmpty else { throw UsageError("missing --data X.npy (the training inputs)") }
        if training.quantizationAware { throw UsageError("--qat trains for an int8 model: use kinglet compile --fine-tune ... --qat") }
        if training.distill != (teacher != nil) {
            throw UsageError(training.distill ? "--distill needs --teacher T.keras, the model to learn from" : "--teacher needs --distill")
        }
        if evaluationLabels != nil && evaluation.isEmpty { throw UsageError("--eval-labels needs --eval") }
        model = positionals[0]
        self.output = output
    }

    func run() throws -> Int32 {
        let file = try Compiler.open(model)
        let graph = try FloatTraining.trainableGraph(file)
        guard data.count == file.inputCount else {
            throw UsageError("--data is needed once per model input (\(file.inputCount)); got \(data.count)")
        }
        let samples = try file.samples(data.map(NpyFiles.read), from: data, finite: true)
        let fineTuning = try training.fineTuning(samples: samples, labels: try labels.map(NpyFiles.read), labelsPath: labels)
        let teacherGraph = try teacher.map { try FloatTraining.trainableGraph(Compiler.open($0)) }
        if let teacher, let teacherGraph { try FloatTraining.checkTeacher(teacherGraph, fits: graph, teacherFile: teacher) }

        var held: TrainingSet?
        if !evaluation.isEmpty {
            guard evaluation.count == file.inputCount else {
                throw UsageError("--eval is needed once per model input (\(file.inputCount)); got \(evaluation.count)")
            }
            let heldSamples = try file.samples(evaluation.map(NpyFiles.read), from: evaluation)
            var targets: [Float] = []
            if let evaluationLabels {
                targets = try ClassLabels.read(NpyFiles.read(evaluationLabels), from: evaluationLabels, count: heldSamples.count).map(Float.init)
            }
            held = FineTuning.trainingSet(heldSamples, targets: targets)
        }
        var plain = fineTuning.options
        plain.distillation = nil
        let before = try held.flatMap { h in h.targets.isEmpty ? nil : try FloatTraining.evaluate(graph, h, options: plain, file: model) }

        let line = TrainingProgressLine()
        let (trained, record) = try FloatTraining.train(graph, fineTuning, teacher: teacherGraph, file: model) { line.report($0, $1) }
        let bytes = try FloatTraining.kerasBytes(trained, name: (model as NSString).lastPathComponent
                                                    .replacingOccurrences(of: ".keras", with: "")
                                                    .replacingOccurrences(of: ".h5", with: ""), file: output)
        try FileIO.writeAtomically(bytes, to: output)

        let epochs = record.epochs.count
        print("\(model): trained \(epochs) epochs on \(fineTuning.data.count) samples in \(String(format: "%.1f", record.seconds)) s (\(String(format: "%.3f", record.seconds / Double(max(epochs, 1)))) s per epoch)")
        print(record.text)
        if let held, !held.targets.isEmpty, let before {
            let after = try FloatTraining.evaluate(trained, held, options: plain, file: model)
            print(String(format: "  held out (%d samples): accuracy %.2f %% → %.2f %%, loss %.4f → %.4f", held.count,
                         100 * (before.accuracy ?? 0), 100 * (after.accuracy ?? 0), before.loss, after.loss))
        }
        print("\(output): \(bytes.count) bytes (Keras 3)")
        return 0
    }
}
