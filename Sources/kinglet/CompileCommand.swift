import Foundation
import KingletCompiler

/// `kinglet compile MODEL -o OUT.kgl`
struct CompileCommand: Command {
    static let name = "compile"
    static let abstract = "compile a model (.tflite int8, or Keras with calibration data) to a .kgl file"
    static let help = """
    Usage: kinglet compile MODEL -o OUT.kgl [--strip-names]
           kinglet compile MODEL.keras|MODEL.h5 --calibration CALIB.npy -o OUT.kgl
                           [--calibrate METHOD] [--bias-correction on|off|auto] [--equalize on|off|auto]
                           [--int16 auto|LAYER,...] [--float-io] [--keep-input-normalization]
                           [--low-rank energy=E|params=P[,LAYER=E,...]]
                           [--prune sparsity=S|channels=F|auto=BUDGET|LAYER=S,...] [--dense-weights]
                           [--cluster N|LAYER=N|scope=tensor|channel|init=METHOD,...]
                           [--weights int4|int8[,LAYER=int4|int8,...]]
                           [--fine-tune X.npy [--labels Y.npy] [--epochs N] ...]
                           [--eval X.npy [--eval-labels Y.npy]] [--report FILE.json]

    Compiles MODEL into the compact .kgl format that the C runtime and the Swift
    reference interpreter execute.

    An int8 .tflite (TensorFlow Lite converter, full-integer quantization) is
    compiled as it is. A float Keras model is quantized first (post-training int8):
    every activation's range is calibrated by running the float model on the
    calibration samples (CALIB.npy: float32 [samples, ...input shape], one file per
    model input, typically 100-500 representative inputs from the training data);
    weights become symmetric int8 per output channel, biases int32. Prints the
    chosen method, the output SQNR against the float model, and per operator its
    range and SQNR.

    Shape arithmetic (SHAPE, STRIDED_SLICE, PACK feeding RESHAPE) is folded, arena
    offsets are planned from tensor lifetimes, and every requantization multiplier
    is precomputed, so the runtime needs no floating point.

    Options:
      -o, --output FILE      where to write the .kgl (required; written only on success)
      --strip-names          leave tensor and layer names out of the file (smaller)
      --calibration FILE     calibration samples for a float model (once per input)
      --calibrate METHOD     activation ranges: minmax, percentile[=99.99], mse or
                             entropy (KL divergence); default: try all four and keep
                             minmax unless, held out by 8-fold cross-validation, a
                             clipping method beats it by 1 dB of output SQNR and on
                             2/3 of the samples; minmax below 32 samples
      --bias-correction on|off|auto
                             subtract the mean output shift the int8 weights cause
                             (from calibration means) from each bias. off (default)
                             still reports what it would change; auto keeps it when
                             it raises the SQNR on held-out calibration samples
      --equalize on|off|auto cross-layer equalization of consecutive layers joined by
                             ReLU or nothing (exact in float; evens out channel
                             ranges). off (default); auto measures both and keeps it
                             when the SQNR on held-out calibration samples rises
      --int16 auto|LAYER,... compute these layers (CONV_2D, DEPTHWISE_CONV_2D,
                             FULLY_CONNECTED or ADD, by Keras layer name) with int16
                             activations and int8 weights (16x8), requantizing at
                             their edges; auto picks up to 4 layers that raise the
                             output SQNR (kept only if it gains at least 1 dB)
      --float-io             keep float32 model inputs and outputs (QUANTIZE and
                             DEQUANTIZE at the edges) instead of int8
      --keep-input-normalization
                             keep a leading per-feature Normalization inside the int8
                             graph. By default it moves to the model input (format
                             1.3 input normalization): raw features are mapped by
                             (x - shift) * multiplier before quantization, so features
                             of different ranges keep their resolution; kinglet run
                             and kgl_quantize_f32 apply it
      --low-rank energy=E|params=P[,LAYER=E|LAYER=params:P|LAYER=none,...]
                             replace Dense layers by two (truncated SVD) and k×k
                             Conv2D by a k×k Conv2D with r filters and a 1×1 Conv2D,
                             where that saves parameters and MACs: r keeps a fraction
                             E of the squared singular values, or the two layers keep
                             at most a fraction P of the parameters. LAYER=... sets
                             one layer (none: keep it). The report gives each rank
      --prune ITEM,...       prune before quantizing; items (combine freely):
                               sparsity=S   zero the smallest weights of Conv2D,
                                            DepthwiseConv2D and Dense layers below
                                            one global magnitude threshold, a
                                            fraction S of them (e.g. 0.6)
                               LAYER=S      that layer to its own sparsity S
                               scale=raw|layer|channel   what the global
                                            threshold compares: |w| (default), or
                                            |w| over its layer's or its output
                                            channel's RMS
                               auto=BUDGET  fit the int8 weights in BUDGET: bytes
                                            (20000, 20K) or a fraction of the dense
                                            weights (0.4); per-layer sparsities from
                                            each layer's measured sensitivity, or one
                                            global threshold if that measures better
                               channels=F   remove a fraction F of the output
                                            channels of each prunable layer group
                                            (tied across Add, depthwise chains),
                                            rewriting the consumers: a smaller dense
                                            model
                               steps=K      gradual pruning (with --fine-tune):
                                            reach the sparsity in K steps on a
                                            cubic schedule, fine-tuning after each
                                            (early steps prune the most)
                               channels:LAYER=F   that layer's group to F
                               bias=auto|on|off   after each pruning stage, add
                                            the removed weights' mean contribution
                                            (calibration means) to the biases; auto
                                            (default) keeps it where it raises the
                                            float SQNR on calibration samples
                               criterion=gamma|l2|l1   channel importance: the
                                            |gamma| of the BatchNormalization after
                                            the layer (default; L2 where there is
                                            none), or the filter's L2 or L1 norm
      --cluster ITEM,...     weight clustering after pruning: the weights of
                             Conv2D, DepthwiseConv2D and Dense layers replaced by
                             N shared values found by k-means (zeros of a pruned
                             layer stay zero and take one of the N); fine-tuning
                             after it trains the shared values. Items:
                               N            entries per codebook (2-256), e.g. 16
                               LAYER=N      that layer's own N
                               scope=tensor|channel   one codebook per layer
                                            (default) or per output channel
                               init=kmeans++|linear|density   where k-means
                                            starts (default kmeans++): seeded
                                            draws, evenly between min and max, or
                                            at quantiles
                               seed=S       the seed of kmeans++ (default 0)
                             The int8 weights then take at most N values per
                             output channel (stored as int8 for now)
                             Order: low-rank, channels, sparsity, clustering, then
                             quantization;
                             the report measures size, MACs, arena and SQNR (and
                             accuracy with --labels) after each stage. Layers where
                             pruning would not shrink the weights (below 50% zeros,
                             which are stored dense) are left dense and named
      --weights int4|int8[,LAYER=int4|int8,...]
                             the weights' precision (default int8). int4:
                             symmetric per output channel, values -7..7, each
                             channel's clipping chosen among 50-100% of its max
                             |w| to minimise the squared error; QAT (--qat)
                             simulates it. Held in int8 tensors for now (the
                             same arithmetic; packed storage comes next)
      --dense-weights        store every weight tensor dense. By default int8
                             weights with at least 50% zeros are stored sparse (a
                             bitmap of the nonzeros and their values, format 1.4)
                             and the kernels skip the zeros; results are identical
      --fine-tune FILE       training inputs (once per model input): retrain the
                             float model after each compression stage (low-rank,
                             channels, sparsity; with no stage, the model itself).
                             Pruned weights stay zero, removed channels stay removed.
                             The report gives loss and accuracy after each run and
                             the stages before and after it
      --labels FILE          the --fine-tune samples' targets: integer classes
                             [samples] or rows [samples, classes]. Without
                             --fine-tune: the --eval samples' labels
    \(TrainingArguments.help)
      --save-float FILE      also write the float model after compression and
                             fine-tuning (before int8) as a Keras 3 .keras file
      --student FILE         with --distill: compile this smaller Keras model instead,
                             trained on MODEL's logits (MODEL is the teacher)
      --eval FILE            held-out inputs to measure the written model on (once
                             per model input): output SQNR against the float model
      --eval-labels FILE     integer labels of the --eval samples: float and int8
                             accuracy (argmax of output 0) in the report
      --report FILE          write the quantization report as JSON
      -h, --help             show this help
    """

    let model: String
    let output: String
    let stripNames: Bool
    let calibration: [String]
    let method: CalibrationMethod?
    let floatIO: Bool
    let report: String?
    let biasCorrection: QuantizationOptions.Switch
    let evaluation: [String]
    let labels: String?
    let equalization: QuantizationOptions.Switch
    let int16: QuantizationOptions.Int16Choice
    let keepInputNormalization: Bool
    let compression: CompressionOptions
    let denseWeights: Bool
    let fineTune: [String]
    let saveFloat: String?
    let student: String?
    let evaluationLabels: String?
    let training: TrainingArguments

    init(_ arguments: inout ArgumentList) throws(UsageError) {
        let output = try arguments.output()
        stripNames = arguments.flag("--strip-names")
        calibration = try arguments.values("--calibration")
        let methodName = try arguments.value("--calibrate")
        floatIO = arguments.flag("--float-io")
        keepInputNormalization = arguments.flag("--keep-input-normalization")
        var compression = CompressionOptions()
        for text in try arguments.values("--low-rank") { try CompressionArguments.lowRank(text, into: &compression) }
        for text in try arguments.values("--prune") { try CompressionArguments.prune(text, into: &compression) }
        for text in try arguments.values("--cluster") { try CompressionArguments.cluster(text, into: &compression) }
        for text in try arguments.values("--weights") { try CompressionArguments.weights(text, into: &compression) }
        self.compression = compression
        denseWeights = arguments.flag("--dense-weights")
        report = try arguments.value("--report")
        evaluation = try arguments.values("--eval")
        labels = try arguments.value("--labels")
        fineTune = try arguments.values("--fine-tune")
        saveFloat = try arguments.value("--save-float")
        student = try arguments.value("--student")
        if let saveFloat, !saveFloat.hasSuffix(".keras") {
            throw UsageError("--save-float must name a .keras file (Keras 3 format), not '\(saveFloat)'")
        }
        let evalLabels = try arguments.value("--eval-labels")
        training = try TrainingArguments(&arguments)
        if fineTune.isEmpty {
            guard evalLabels == nil || labels == nil else { throw UsageError("--labels and --eval-labels both name the --eval labels; give one") }
            evaluationLabels = evalLabels ?? labels
        } else {
            evaluationLabels = evalLabels
        }
        if student != nil && !training.distill {
            throw UsageError("--student S.keras is the model that learns from MODEL: it needs --distill")
        }
        if fineTune.isEmpty && (training.distill || training.quantizationAware) {
            throw UsageError("--distill and --qat train: give the training inputs with --fine-tune X.npy")
        }
        if fineTune.isEmpty && (compression.pruningSteps > 1) {
            throw UsageError("--prune steps=K (gradual pruning) fine-tunes between steps: give --fine-tune X.npy --labels Y.npy")
        }
        if let layers = try arguments.value("--int16") {
            let names = layers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !names.isEmpty else { throw UsageError("--int16 needs auto or a comma-separated list of layer names") }
            int16 = names == ["auto"] ? .auto : .layers(names)
        } else {
            int16 = .none
        }
        let equalize = try arguments.value("--equalize") ?? "off"
        guard let equalization = QuantizationOptions.Switch(rawValue: equalize) else {
            throw UsageError("--equalize must be on, off or auto, not '\(equalize)'")
        }
        self.equalization = equalization
        let correction = try arguments.value("--bias-correction") ?? "off"
        guard let biasCorrection = QuantizationOptions.Switch(rawValue: correction) else {
            throw UsageError("--bias-correction must be on, off or auto, not '\(correction)'")
        }
        self.biasCorrection = biasCorrection
        let positionals = try arguments.positionals()
        guard positionals.count == 1 else {
            throw UsageError(positionals.isEmpty ? "missing MODEL" : "expected one MODEL, got \(positionals.count)")
        }
        guard let output else { throw UsageError("missing -o OUT.kgl") }
        if let methodName {
            guard let parsed = CalibrationMethod(parsing: methodName) else {
                throw UsageError("--calibrate must be minmax, percentile, percentile=P (50 < P ≤ 100), mse or entropy, not '\(methodName)'")
            }
            method = parsed
        } else {
            method = nil
        }
        model = positionals[0]
        self.output = output
    }

    func run() throws -> Int32 {
        // With --student, the student is compiled and MODEL teaches it.
        let file = try Compiler.open(student ?? model)
        if file.isFloat {
            return try compileFloat(file)
        }
        if !calibration.isEmpty || method != nil || floatIO || report != nil || biasCorrection != .off || !evaluation.isEmpty || labels != nil || equalization != .off || int16 != .none || keepInputNormalization || !compression.isEmpty || compression.weightBits.usesInt4 || !fineTune.isEmpty {
            throw UsageError("--calibration, --calibrate, --float-io, --report, --low-rank, --prune, --cluster, --weights and --fine-tune apply to float (Keras) models; \(model) is already int8")
        }
        if file.format == .kgl { throw CompilerError(file: model, "is already a compiled .kgl model") }
        let bytes = try file.kglBytes(options: CompileOptions(stripNames: stripNames, sparseWeights: !denseWeights))
        try FileIO.writeAtomically(bytes, to: output)
        let report = try ModelReport(kgl: bytes, file: output)
        print("\(output): \(report.fileBytes) bytes (weights \(report.weightBytes)), arena \(report.arenaBytes) bytes, \(report.ops.count) operators, \(report.macs) MACs")
        return 0
    }

    private func compileFloat(_ file: ModelFile) throws -> Int32 {
        guard !calibration.isEmpty else {
            throw CompilerError(file: model, """
                is a float model: quantizing it to int8 needs calibration data. Give --calibration CALIB.npy: \
                float32 samples shaped [samples, ...input shape] (one file per model input), e.g. 100-500 inputs \
                from the training set saved with numpy.save("calib.npy", x_train[:200].astype("float32"))
                """)
        }
        // A NaN or infinity would poison every range downstream of it.
        let samples = try file.samples(calibration.map(NpyFiles.read), from: calibration, finite: true)
        var options = QuantizationOptions(method: method, floatIO: floatIO, stripNames: stripNames, biasCorrection: biasCorrection,
                                          equalization: equalization)
        options.int16 = int16
        options.absorbInputNormalization = !keepInputNormalization
        options.compression = compression
        options.sparseWeights = !denseWeights
        if !fineTune.isEmpty {
            guard fineTune.count == file.inputCount else {
                throw UsageError("--fine-tune is needed once per model input (\(file.inputCount)); got \(fineTune.count)")
            }
            let trainingSamples = try file.samples(fineTune.map(NpyFiles.read), from: fineTune, finite: true)
            options.compression.fineTuning = try training.fineTuning(samples: trainingSamples, labels: try labels.map(NpyFiles.read),
                                                                     labelsPath: labels)
            options.compression.fineTuning?.rangeMethod = method
            if student != nil {
                let teacher = try Compiler.open(model).floatGraph()
                try FloatTraining.checkTeacher(teacher, fits: file.floatGraph(), teacherFile: model)
                options.compression.fineTuning?.teacher = teacher
            }
        }
        let held = try evaluationSet(file)
        let line = TrainingProgressLine()
        let floatModel = FloatModelBox()
        let result = try QuantizingCompiler.compile(file, calibration: samples, options: options, evaluation: held,
                                                    progress: { Progress.note($0) }, training: { line.report($0, $1) },
                                                    compressedFloat: { floatModel.graph = $0 })
        var savedFloat: (path: String, bytes: [UInt8])?
        if let saveFloat, let graph = floatModel.graph {
            let name = ((model as NSString).lastPathComponent as NSString).deletingPathExtension
            savedFloat = (saveFloat, try FloatTraining.kerasBytes(graph, name: name, file: saveFloat))
        }
        try FileIO.writeAtomically(result.kgl, to: output)
        if let report {
            try FileIO.writeAtomically(Array(result.report.json().utf8), to: report)
        }
        print(result.report.text(file: output))
        if let savedFloat {
            try FileIO.writeAtomically(savedFloat.bytes, to: savedFloat.path)
            print("\(savedFloat.path): the compressed float model, \(savedFloat.bytes.count) bytes (Keras 3)")
        }
        return 0
    }

    /// Carries the compressed float graph out of the compile's callback.
    private final class FloatModelBox: @unchecked Sendable {
        var graph: FloatGraph?
    }

    /// `--eval X.npy` once per model input, and optional `--eval-labels Y.npy`.
    private func evaluationSet(_ file: ModelFile) throws -> (samples: [[[Float]]], labels: [Int]?)? {
        guard !evaluation.isEmpty else {
            if evaluationLabels != nil { throw UsageError("\(fineTune.isEmpty ? "--labels" : "--eval-labels") needs --eval") }
            return nil
        }
        guard evaluation.count == file.inputCount else {
            throw UsageError("--eval is needed once per model input (\(file.inputCount)); got \(evaluation.count)")
        }
        let samples = try file.samples(evaluation.map(NpyFiles.read), from: evaluation)
        guard let labelFile = evaluationLabels else { return (samples, nil) }
        return (samples, try ClassLabels.read(NpyFiles.read(labelFile), from: labelFile, count: samples.count))
    }
}
