import Foundation
import KingletExport
import KingletIR
import KingletPasses
import KingletTrain

/// The IR graph, as the CLI sees a float model between compile stages.
public typealias FloatGraph = KingletIR.Graph

/// `kinglet train`: float training of a Keras model as it is (BatchNormalization trained in
/// training mode, not folded), and the trained model written back as a `.keras` file.
public enum FloatTraining {
    /// The graph training runs for `file`: the import with identities (Dropout) removed and
    /// separable convolutions split, which training differentiates; nothing folded.
    public static func trainableGraph(_ file: ModelFile) throws -> Graph {
        guard let imported = file.imported, Compiler.isFloat(imported) else {
            throw CompilerError(file: file.path, "is not a float model; training needs a Keras model (.keras, .h5)")
        }
        var graph = imported
        do {
            try Pipeline([RemoveIdentities(), SplitSeparableConv2D(), RemoveDeadOperators()]).run(&graph)
        } catch {
            throw CompilerError(file: file.path, "\(error)")
        }
        return graph
    }

    /// Trains `graph` on `fineTuning`'s data and options (the teacher's logits already in
    /// the data when distilling); returns the trained graph and the record of the run.
    public static func train(_ graph: Graph, _ fineTuning: FineTuning, teacher: Graph? = nil, file: String?,
                             progress: ((String, TrainingProgress) -> Void)? = nil) throws -> (graph: Graph, record: FineTuningRecord) {
        let tuner = try FineTuner(fineTuning, teacher: teacher ?? graph, file: file, masks: false)
        let (trained, record, _) = try tuner.run(graph, stage: FineTuningRecord.training, progress: progress)
        return (trained, record)
    }

    /// Refuses a teacher whose inputs or outputs do not match the student's, naming both shapes.
    public static func checkTeacher(_ teacher: Graph, fits student: Graph, teacherFile: String) throws {
        func shapes(_ g: Graph, _ tensors: [Int]) -> [[Int]] { tensors.map { g.tensors[$0].shape } }
        let (tIn, sIn) = (shapes(teacher, teacher.inputs), shapes(student, student.inputs))
        guard tIn.map({ $0.reduce(1, *) }) == sIn.map({ $0.reduce(1, *) }) else {
            throw CompilerError(file: teacherFile, "the teacher takes inputs \(tIn), the student \(sIn); distillation needs the same inputs")
        }
        let (tOut, sOut) = (shapes(teacher, teacher.outputs), shapes(student, student.outputs))
        guard tOut.map({ $0.reduce(1, *) }) == sOut.map({ $0.reduce(1, *) }) else {
            throw CompilerError(file: teacherFile, "the teacher gives outputs \(tOut), the student \(sOut); distillation needs the same classes")
        }
    }

    /// Accuracy (or loss) of `graph` on held-out samples, as the trainer measures it.
    public static func evaluate(_ graph: Graph, _ data: TrainingSet, options: TrainingOptions, file: String?) throws -> TrainingMetrics {
        do {
            return try Trainer(graph: graph, options: options).evaluate(data)
        } catch {
            throw CompilerError(file: file, "\(error)")
        }
    }

    /// `graph` as a Keras 3 `.keras` archive.
    public static func kerasBytes(_ graph: Graph, name: String, file: String?) throws -> [UInt8] {
        do {
            return try KerasExporter.export(graph, name: name)
        } catch {
            throw CompilerError(file: file, "writing the Keras model: \(error)")
        }
    }
}
