import KingletCompiler

/// `kinglet verify MODEL.kgl --input X.npy [--target NAME]`
struct VerifyCommand: Command {
    static let name = "verify"
    static let abstract = "check byte for byte that the C runtime (in process or on a --target) agrees with the Swift interpreter"
    static let help = """
    Usage: kinglet verify MODEL --input X.npy [--input X2.npy ...] [--target NAME]

    Runs every sample of the inputs through both engines, the C runtime and the
    Swift reference interpreter, operator by operator, and compares the bytes of
    every operator's output. Exits 0 only when every byte is equal; otherwise names
    the first operator whose output differs, with the element and both values,
    and exits 1. MODEL is a .kgl (or a .tflite, compiled in memory). Inputs are as
    for 'kinglet run'.

    With --target, the samples run on that target under emulation (as 'kinglet
    run --target') and its model outputs are compared byte for byte with the
    Swift interpreter's.

    Options:
      --input FILE   input samples (.npy)
      --target NAME  \(Target.all.map(\.name).joined(separator: ", "))
      -h, --help     show this help
    """

    let model: String
    let inputs: [String]
    let target: Target?

    init(_ arguments: inout ArgumentList) throws(UsageError) {
        inputs = try arguments.values("--input")
        if let name = try arguments.value("--target") {
            target = try Target.parsed(name)
        } else {
            target = nil
        }
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
            result = try target.map { try Verifier.verify(kgl, inputs: arrays, target: $0) } ?? Verifier.verify(kgl, inputs: arrays)
        } catch let error as CompilerError {
            throw CompilerError(file: model, error.message)
        } catch {
            throw CompilerError(file: model, "\(error)")
        }
        if let mismatch = result.mismatch {
            print("\(model): MISMATCH: \(mismatch)")
            return 1
        }
        if let target {
            print("\(model): OK on \(target.name): \(result.samples) sample(s), every model output byte equal to the Swift interpreter's (\(result.outputBytes) bytes)")
        } else {
            print("\(model): OK: \(result.samples) sample(s), \(result.operators) operators, every output byte equal (\(result.outputBytes) model output bytes)")
        }
        return 0
    }
}
