import KingletCompiler
import KingletFormat

/// `kinglet inspect MODEL [--json]`
struct InspectCommand: Command {
    static let name = "inspect"
    static let abstract = "show a model's operators, shapes, MACs, weight and arena bytes"
    static let help = """
    Usage: kinglet inspect MODEL [--json]

    Describes MODEL: a .kgl file, or any importable model (.tflite), which is
    compiled in memory first so the figures are those of the .kgl it would become.
    Shows the inputs and outputs with their quantization, then per operator the
    output shape, multiply-accumulates and constant bytes.

    With --json, prints one JSON object with at least: file_bytes, weight_bytes,
    arena_bytes, macs, inputs, outputs, ops (each with index, kind, name,
    input_shapes, output_shapes, macs, weight_bytes).

    Options:
      --json       machine-readable output
      -h, --help   show this help
    """

    let model: String
    let json: Bool

    init(_ arguments: inout ArgumentList) throws(UsageError) {
        json = arguments.flag("--json")
        let positionals = try arguments.positionals()
        guard positionals.count == 1 else {
            throw UsageError(positionals.isEmpty ? "missing MODEL" : "expected one MODEL, got \(positionals.count)")
        }
        model = positionals[0]
    }

    func run() throws -> Int32 {
        let kgl = try Compiler.kglBytes(model)
        let report: ModelReport
        do {
            report = ModelReport(try KglModel(bytes: kgl))
        } catch {
            throw CompilerError(file: model, "\(error)")
        }
        print(json ? report.json() : report.text(file: model))
        return 0
    }
}
