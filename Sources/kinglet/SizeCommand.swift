import KingletCompiler

/// `kinglet size MODEL --target NAME [--json]`
struct SizeCommand: Command {
    static let name = "size"
    static let abstract = "flash and RAM a model needs on a target, from a real link"
    static let help = """
    Usage: kinglet size MODEL --target NAME [--target NAME ...] [--json]

    Measures what MODEL (.kgl, or an int8 .tflite compiled in memory) costs on a
    target: the model as 'kinglet emit-c' writes it, linked with the runtime built
    for only the kernels it uses (KGL_SELECT_OPERATORS, --gc-sections), by that
    target's cross toolchain; the firmware is run once under the emulator, so the
    figures describe one that works. Prints

      flash = runtime .text + .rodata + .data (+ the libgcc helpers it needs) + model
      RAM   = arena + runtime stack (upper bound: the deepest call chain of
              kgl_model_init and kgl_model_invoke, from GCC's call graph)
              + kgl_model struct + runtime .data/.bss

    Targets: \(Target.all.map(\.name).joined(separator: ", ")).
    The source tree (runtime-c/, targets/) is found as for 'kinglet run --target'.

    Options:
      --target NAME   a target (once or several times)
      --json          a JSON array, one object per target
      -h, --help      show this help
    """

    let model: String
    let targets: [Target]
    let json: Bool

    init(_ arguments: inout ArgumentList) throws(UsageError) {
        json = arguments.flag("--json")
        let names = try arguments.values("--target")
        let positionals = try arguments.positionals()
        guard positionals.count == 1 else {
            throw UsageError(positionals.isEmpty ? "missing MODEL" : "expected one MODEL, got \(positionals.count)")
        }
        guard !names.isEmpty else { throw UsageError("missing --target NAME") }
        var targets: [Target] = []
        for name in names { targets.append(try Target.parsed(name)) }
        model = positionals[0]
        self.targets = targets
    }

    func run() throws -> Int32 {
        let kgl = try Compiler.kglBytes(model)
        var reports: [SizeReport] = []
        for target in targets {
            do {
                reports.append(try SizeReport.measure(kgl, on: target))
            } catch let error as CompilerError {
                throw CompilerError(file: model, error.message)
            }
            if !json { print(reports.last!.text(file: model)) }
        }
        if json { print("[" + reports.map { $0.json() }.joined(separator: ",\n") + "]") }
        return 0
    }
}
