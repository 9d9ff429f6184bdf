import KingletCompiler

/// `kinglet verify MODEL.kgl --input X.npy`
struct VerifyCommand: Command {
    static let name = "verify"
    static let abstract = "check that the C runtime and the Swift interpreter agree byte for byte"
    static let help = """
    Usage: kinglet verify MODEL --input X.npy [--input X2.npy ...]

    Runs every sample of the inputs through both engines, the C runtime and the
    Swift reference interpreter, operator by operator, and compares the bytes of
    every operator's output. Exits 0 only when every byte is equal; otherwise names
    the first operator whose output differs, with the element and both values,
    and exits 1. MODEL is a .kgl (or a .tflite, compiled in memory). Inputs are as
    for 'kinglet run'.

    Options:
      --input FILE   input samples (.npy)
      -h, --help     show this help
    """

    let model: String
    let inputs: [String]

    init(_ arguments: inout ArgumentList) throws(UsageError) {
        inputs = try arguments.values("--input")
        let positionals = try arguments.positionals()
        guard positionals.count == 1 else {
            throw UsageError(positionals.isEmpty ? "missing MODEL" : "expected one MODEL, got \(positionals.count)")
        }
        guard !inputs.isEmpty else { throw UsageError("missing --input X.npy") }
        model = positionals[0]
    }

    func run() throws -> Int32 {
        let kgl = try Compiler.kglBytes(model)
        let arrays = try inputs.map(NpyFiles.read)
        let result: Verifier.Result
        do {
            result = try Verifier.verify(kgl, inputs: arrays)
        } catch let error as CompilerError {
            throw CompilerError(file: model, error.message)
        } catch {
            throw CompilerError(file: model, "\(error)")
        }
        if let mismatch = result.mismatch {
            print("\(model): MISMATCH: \(mismatch)")
            return 1
        }
        print("\(model): OK: \(result.samples) sample(s), \(result.operators) operators, every output byte equal (\(result.outputBytes) model output bytes)")
        return 0
    }
}
