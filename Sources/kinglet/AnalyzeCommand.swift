import KingletCompiler
import KingletIO

/// `kinglet analyze MODEL --sensitivity --calibration C.npy [--eval X.npy [--labels Y.npy]]`
struct AnalyzeCommand: Command {
    static let name = "analyze"
    static let abstract = "per-layer sensitivity of a float model to compression (low-rank, pruning)"
    static let help = """
    Usage: kinglet analyze MODEL.keras --sensitivity --calibration CALIB.npy
                           [--eval X.npy [--labels Y.npy]] [--samples N] [--json]

    Measures, one layer at a time, what compression costs, as the float model's
    output SQNR against the original (and accuracy, with --labels):
    - low rank: each Dense and Conv2D layer decomposed (truncated SVD, as
      'compile --low-rank') at the ranks keeping 99, 95, 90, 80 and 50% of its
      squared singular values, where that saves parameters;
    - sparsity: each Conv2D, DepthwiseConv2D and Dense layer magnitude-pruned
      (as 'compile --prune LAYER=S') to 50, 70, 80, 90 and 95% zeros.
    Layers that keep a high SQNR are the ones to compress; 'compile --prune
    auto=BUDGET' makes this choice itself. Runs on the --eval samples when given,
    else on the calibration samples, at most N of them (default 128).

    Options:
      --sensitivity      the analysis to run (the only one so far)
      --calibration FILE samples to measure on (once per model input)
      --eval FILE        held-out samples to measure on instead
      --labels FILE      integer labels of the --eval samples: accuracy too
      --samples N        use at most N samples (default 128)
      --json             one JSON object
      -h, --help         show this help
    """

    let model: String
    let calibration: [String]
    let evaluation: [String]
    let labels: String?
    let limit: Int
    let json: Bool

    init(_ arguments: inout ArgumentList) throws(UsageError) {
        let sensitivity = arguments.flag("--sensitivity")
        calibration = try arguments.values("--calibration")
        evaluation = try arguments.values("--eval")
        labels = try arguments.value("--labels")
        json = arguments.flag("--json")
        let samples = try arguments.value("--samples")
        let positionals = try arguments.positionals()
        guard positionals.count == 1 else {
            throw UsageError(positionals.isEmpty ? "missing MODEL" : "expected one MODEL, got \(positionals.count)")
        }
        guard sensitivity else { throw UsageError("give the analysis to run: --sensitivity") }
        guard !calibration.isEmpty || !evaluation.isEmpty else { throw UsageError("missing --calibration CALIB.npy (or --eval X.npy)") }
        if labels != nil && evaluation.isEmpty { throw UsageError("--labels needs --eval") }
        if let samples {
            guard let n = Int(samples), n > 0 else { throw UsageError("--samples must be a positive integer, not '\(samples)'") }
            limit = n
        } else {
            limit = 128
        }
        model = positionals[0]
    }

    func run() throws -> Int32 {
        let file = try Compiler.open(model)
        let files = evaluation.isEmpty ? calibration : evaluation
        var samples = try file.samples(files.map(NpyFiles.read), from: files)
        var classes = try labels.map { try ClassLabels.read(NpyFiles.read($0), from: $0, count: samples.count) }
        if samples.count > limit {
            samples = Array(samples.prefix(limit))
            classes = classes.map { Array($0.prefix(limit)) }
        }
        let analysis = try SensitivityAnalysis.measure(file, samples: samples, labels: classes) { step in Progress.note(step) }
        print(json ? analysis.json() : analysis.text(file: model))
        return 0
    }
}
