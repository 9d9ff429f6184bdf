import Foundation
import KingletCompiler

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

    A float model (Keras .keras or .h5) is shown as the graph the importer
    translated, layer by layer, and again after canonicalization (BatchNorm
    folded, activations fused, Dropout removed, SeparableConv2D split): per
    operator its kind, layer, input and output shapes, attributes, parameters.

    With --json, prints one JSON object. For .kgl/.tflite it has at least:
    file_bytes, weight_bytes, arena_bytes, macs, inputs, outputs, ops (each with
    index, kind, name, input_shapes, output_shapes, macs, weight_bytes). For a
    float model: {"format": "keras", "imported": G, "canonical": G}, each G with
    parameters, macs, inputs, outputs and ops (index, kind, detail, name,
    input_shapes, output_shapes, macs, parameters).

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
        let file = try Compiler.open(model)
        if file.isFloat {
            return try inspectFloat(file)
        }
        let report = try ModelReport(kgl: file.kglBytes(), file: model)
        print(json ? report.json() : report.text(file: model))
        return 0
    }

    private func inspectFloat(_ file: ModelFile) throws -> Int32 {
        let (imported, canonical) = try GraphReport.of(file)
        if json {
            let object: [String: Any] = ["format": "keras", "imported": imported.jsonObject(), "canonical": canonical.jsonObject()]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(imported.text(title: "\(model): imported (float32)"))
            print("")
            print(canonical.text(title: "\(model): canonical (float32)"))
        }
        return 0
    }
}
