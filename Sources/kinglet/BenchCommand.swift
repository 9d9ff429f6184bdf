import KingletCompiler

/// `kinglet bench MODEL [--target NAME] [--runs N] [--json]`
struct BenchCommand: Command {
    static let name = "bench"
    static let abstract = "how fast the C runtime runs a model: ms on the host, instructions on a core"
    static let help = """
    Usage: kinglet bench MODEL [--target NAME] [--cflags FLAGS] [--runs N] [--warmup N] [--json]

    Runs MODEL (.kgl, or an int8 .tflite compiled in memory) with the C runtime as a
    firmware has it: the model as 'kinglet emit-c' writes it, linked with the runtime built
    for only its kernels, with the target's compiler and flags (targets/NAME/target.mk).

      host (x86_64, the default; aarch64-linux runs under qemu-user, so its times are
      the emulator's): milliseconds per inference, the median of --runs timed inferences
      after --warmup untimed ones, with the C flags and the kernel variant used.
      Cortex-M targets: the exact instructions of one inference and of each operator,
      counted under QEMU (make -C targets count), with MACs and instructions per MAC.

    Inputs are a fixed byte pattern (the same on every run and target). The source tree
    (runtime-c/, targets/) is found as for 'kinglet run --target'. For TFLite Micro on the
    same models see docs/BENCHMARKS.md.

    Options:
      --target NAME   \(Target.all.map(\.name).joined(separator: ", ")) (default x86_64)
      --cflags FLAGS  added to the target's C flags (EXTRA_CFLAGS), e.g. "-O3 -march=native",
                      or -DKGL_PORTABLE=1 for the portable kernels on any core
      --runs N        timed inferences on a hosted target (default 50)
      --warmup N      untimed inferences first (default 5)
      --json          one JSON object: ms_per_inference (host) or instructions and
                      operators (Cortex-M), kernel_variant, macs, target
      -h, --help      show this help
    """

    let model: String
    let target: Target
    let runs: Int
    let warmup: Int
    let json: Bool
    let cflags: String

    init(_ arguments: inout ArgumentList) throws(UsageError) {
        json = arguments.flag("--json")
        let name = try arguments.value("--target") ?? "x86_64"
        cflags = try arguments.value("--cflags") ?? ""
        runs = try Self.count(arguments.value("--runs"), "--runs", default: 50, minimum: 1)
        warmup = try Self.count(arguments.value("--warmup"), "--warmup", default: 5, minimum: 0)
        let positionals = try arguments.positionals()
        guard positionals.count == 1 else {
            throw UsageError(positionals.isEmpty ? "missing MODEL" : "expected one MODEL, got \(positionals.count)")
        }
        model = positionals[0]
        target = try Target.parsed(name)
    }

    static func count(_ text: String?, _ option: String, default value: Int, minimum: Int) throws(UsageError) -> Int {
        guard let text else { return value }
        guard let n = Int(text), n >= minimum, n <= 100_000 else {
            throw UsageError("\(option) expects a whole number from \(minimum) to 100000, got '\(text)'")
        }
        return n
    }

    func run() throws -> Int32 {
        let kgl = try Compiler.kglBytes(model)
        let report: BenchReport
        do {
            report = try BenchReport.measure(kgl, on: target, warmup: warmup, runs: runs, cflags: cflags)
        } catch let error as CompilerError {
            throw CompilerError(file: model, error.message)
        }
        print(json ? report.json() : report.text(file: model))
        return 0
    }
}
