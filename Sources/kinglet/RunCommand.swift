import KingletCompiler
import KingletIO

/// `kinglet run MODEL --input X.npy -o Y.npy [--engine c|swift | --target NAME] [--dequantize]`
struct RunCommand: Command {
    static let name = "run"
    static let abstract = "run a model on .npy inputs and write .npy outputs"
    static let help = """
    Usage: kinglet run MODEL --input X.npy [--input X2.npy ...] -o Y.npy
                       [--engine c|swift | --target NAME] [--dequantize]

    Runs MODEL on every sample of X.npy. Give --input once per model input, in
    order; X.npy is [batch, ...input shape]. A model with several outputs writes
    Y.npy for output 0 and Y.1.npy, Y.2.npy, ... for the others.

    int8 models (.kgl, or .tflite compiled in memory) run on the C runtime or the
    Swift reference interpreter: int8 inputs are used as they are, float inputs
    are quantized with the input's scale and zero point (round half away from
    zero, as TFLite). Y.npy holds the raw int8 outputs, or float32 with
    --dequantize.

    Float models (Keras .keras, or .h5 saved by Keras 3 or tf.keras) are
    imported, canonicalized (BatchNormalization folded, activations fused,
    Dropout removed) and run by the float32 reference interpreter: X.npy is
    float32 or float64, Y.npy is float32.

    Options:
      --input FILE        input samples (.npy, little-endian, C order)
      -o, --output FILE   where to write the outputs (.npy)
      --engine c|swift    int8 models: the C runtime (default) or the Swift
                          reference interpreter
      --target NAME       int8 models: run on a target under emulation instead:
                          \(Target.all.map(\.name).joined(separator: ", ")).
                          Builds that target's test firmware from the source tree
                          (runtime-c/, targets/; found above the kinglet
                          executable or via KINGLET_ROOT) and runs it under QEMU
                          (qemu-system-arm, qemu-aarch64) or natively (x86_64),
                          bounded by a timeout; see targets/README.md
      --dequantize        int8 models: write float32 outputs (scale * (q - zero point))
      -h, --help          show this help
    """

    let model: String
    let inputs: [String]
    let output: String
    let engine: EngineKind
    let engineGiven: Bool
    let dequantize: Bool
    let target: Target?

    init(_ arguments: inout ArgumentList) throws(UsageError) {
        inputs = try arguments.values("--input")
        let output = try arguments.output()
        let engineOption = try arguments.value("--engine")
        engineGiven = engineOption != nil
        let engineName = engineOption ?? "c"
        dequantize = arguments.flag("--dequantize")
        let targetName = try arguments.value("--target")
        let positionals = try arguments.positionals()
        guard positionals.count == 1 else {
            throw UsageError(positionals.isEmpty ? "missing MODEL" : "expected one MODEL, got \(positionals.count)")
        }
        guard !inputs.isEmpty else { throw UsageError("missing --input X.npy") }
        guard let output else { throw UsageError("missing -o Y.npy") }
        guard let engine = EngineKind(rawValue: engineName) else {
            throw UsageError("--engine must be c or swift, not '\(engineName)'")
        }
        if let targetName {
            guard engineOption == nil else { throw UsageError("give --engine or --target, not both") }
            target = try Target.parsed(targetName)
        } else {
            target = nil
        }
        model = positionals[0]
        self.output = output
        self.engine = engine
    }

    func run() throws -> Int32 {
        let file = try Compiler.open(model)
        if file.isFloat {
            return try runFloat(file)
        }
        let kgl = try file.kglBytes()
        let arrays = try inputs.map(NpyFiles.read)
        let outputs: [NpyArray]
        do {
            outputs = try Runner.run(kgl, inputs: arrays, engine: engine, dequantize: dequantize, target: target)
        } catch let error as CompilerError {
            throw CompilerError(file: model, error.message)
        } catch {
            throw CompilerError(file: model, "\(error)")
        }
        for (index, array) in outputs.enumerated() {
            try FileIO.writeAtomically(array.encoded(), to: NpyFiles.outputPath(output, index))
        }
        return 0
    }

    /// A float model: imported, canonicalized, run by the float reference interpreter.
    private func runFloat(_ file: ModelFile) throws -> Int32 {
        if engineGiven || dequantize || target != nil {
            throw UsageError("\(engineGiven ? "--engine" : target != nil ? "--target" : "--dequantize") applies to int8 models; \(model) is a float model, run by the float reference interpreter")
        }
        let arrays = try inputs.map(NpyFiles.read)
        let progress = Progress(label: "running \(model)")
        let outputs: [NpyArray]
        do {
            outputs = try FloatRunner.run(file, inputs: arrays) { done, total in progress.update(done, total) }
        } catch let error as CompilerError {
            throw CompilerError(file: model, error.message)
        }
        progress.finish()
        for (index, array) in outputs.enumerated() {
            try FileIO.writeAtomically(array.encoded(), to: NpyFiles.outputPath(output, index))
        }
        return 0
    }
}
