import KingletCompiler
import KingletFormat

/// `kinglet compile MODEL -o OUT.kgl`
struct CompileCommand: Command {
    static let name = "compile"
    static let abstract = "compile a model (.tflite int8) to a .kgl file"
    static let help = """
    Usage: kinglet compile MODEL -o OUT.kgl [--strip-names]

    Compiles MODEL into the compact .kgl format that the C runtime and the Swift
    reference interpreter execute. MODEL is an int8 .tflite file (as made by the
    TensorFlow Lite converter with full-integer quantization).

    Shape arithmetic (SHAPE, STRIDED_SLICE, PACK feeding RESHAPE) is folded, arena
    offsets are planned from tensor lifetimes, and every requantization multiplier
    is precomputed, so the runtime needs no floating point.

    Options:
      -o, --output FILE   where to write the .kgl (required; written only on success)
      --strip-names       leave tensor and layer names out of the file (smaller)
      -h, --help          show this help
    """

    let model: String
    let output: String
    let stripNames: Bool

    init(_ arguments: inout ArgumentList) throws(UsageError) {
        let shortOutput = try arguments.value("-o")
        let longOutput = try arguments.value("--output")
        let output = shortOutput ?? longOutput
        stripNames = arguments.flag("--strip-names")
        let positionals = try arguments.positionals()
        guard positionals.count == 1 else {
            throw UsageError(positionals.isEmpty ? "missing MODEL" : "expected one MODEL, got \(positionals.count)")
        }
        guard let output else { throw UsageError("missing -o OUT.kgl") }
        model = positionals[0]
        self.output = output
    }

    func run() throws -> Int32 {
        let graph = try Compiler.importGraph(model)
        let bytes = try Compiler.compile(graph, options: CompileOptions(stripNames: stripNames), file: model)
        try FileIO.writeAtomically(bytes, to: output)
        let report = try ModelReport(KglModel(bytes: bytes))
        print("\(output): \(report.fileBytes) bytes (weights \(report.weightBytes)), arena \(report.arenaBytes) bytes, \(report.ops.count) operators, \(report.macs) MACs")
        return 0
    }
}
