import KingletFormat
import KingletInterpreter
import KingletIR
import KingletPasses

/// Float model + calibration samples → int8 `.kgl`: calibrate, quantize with each candidate
/// range method, compile, measure the output SQNR of the compiled bytes against the float
/// model, keep the best.
public enum QuantizingCompiler {
    /// `evaluation`: held-out samples (and labels, for classifiers) to measure the written
    /// model on; the report then gives float and int8 accuracy and the SQNR there.
    public static func compile(_ graph: Graph, calibration samples: [[[Float]]], options: QuantizationOptions,
                               evaluation: (samples: [[[Float]]], labels: [Int]?)? = nil,
                               file: String? = nil, progress: ((String) -> Void)? = nil,
                               training: ((String, TrainingProgress) -> Void)? = nil,
                               compressedFloat: ((Graph) -> Void)? = nil) throws -> (kgl: [UInt8], report: QuantizationReport) {
        guard !samples.isEmpty else { throw CompilerError(file: file, "the calibration set is empty") }
        let original = graph
        // Compression stages are measured on the held-out samples when there are some.
        let measuredOn = evaluation?.samples ?? Array(samples.prefix(256))
        let measuredLabels = evaluation?.labels
        let compressed = try CompressionPipeline.run(graph, options.compression, calibration: samples,
                                                     samples: measuredOn, labels: measuredLabels, file: file,
                                                     progress: progress, training: training)
        var graph = compressed.graph
        // The float model after compression and fine-tuning (what --save-float writes).
        compressedFloat?(graph)
        let lowRank = compressed.lowRank
        var normalizedInputs: [String] = []
        if options.absorbInputNormalization {
            var absorb = AbsorbInputNormalization()
            do {
                try absorb.absorb(&graph)
                if !absorb.absorbed.isEmpty { try Pipeline([RemoveDeadOperators()]).run(&graph) }
            } catch {
                throw CompilerError(file: file, "\(error)")
            }
            normalizedInputs = absorb.absorbed
        }
        var options = options
        if let learned = compressed.learnedRanges {
            // The weights and ranges were trained together: equalization would move them apart.
            options.learnedRanges = learned
            options.method = compressed.learnedRangesStart?.method ?? .minMax
            options.equalization = .off
        }
        var result = try quantizeWithEqualization(graph, original: original, samples, options, evaluation, file, progress)
        result.report.learnedRanges = compressed.learnedRanges?.count ?? 0
        result.report.learnedRangesStart = compressed.learnedRangesStart
        result.report.normalizedInputs = normalizedInputs
        result.report.lowRank = lowRank
        result.report.channelPruning = compressed.channels
        result.report.pruning = compressed.pruning
        result.report.clustering = compressed.clustering
        result.report.pruningBiasCorrected = compressed.biasCorrected
        result.report.pruningBiasCorrection = compressed.biasCorrection
        result.report.allocation = compressed.allocation
        result.report.fineTuning = compressed.fineTuning
        if let reference = compressed.reference {
            result.report.stages = compressed.stages
            result.report.stages.append(try int8Stage(result.kgl, reference: reference, labels: measuredLabels))
        }
        if lowRank.contains(where: \.applied) {
            // Decomposition changes the float model: how far from the user's original it is.
            let before = try FloatReference(graph: original, samples: samples)
            let after = try FloatReference(graph: graph, samples: samples)
            result.report.lowRankFloatSQNR = FloatReference.sqnr(before.outputs, after.outputs)
            result.report.floatWeightBytes = original.tensors.filter { $0.isConstant && $0.type == .float32 }.reduce(0) { $0 + $1.byteCount }
        }
        return result
    }

    /// The written model as the last stage of the compression report: its constants'
    /// bytes as stored, MACs (and those with nonzero weights), arena, fidelity to `original`.
    static func int8Stage(_ kgl: [UInt8], reference judge: FloatReference, labels: [Int]?) throws -> CompressionStage {
        let model = try KglModel(bytes: kgl)
        let report = ModelReport(model)
        var parameters = 0, nonzero = 0, nonzeroMacs = 0
        for t in model.tensors where t.location == .constant {
            parameters += t.elementCount
            let size = t.byteCount / max(t.elementCount, 1), bytes = Array(model.constantBytes(t))
            nonzero += t.sparse?.nonzeroCount ?? stride(from: 0, to: bytes.count, by: max(size, 1)).reduce(0) { count, i in
                count + (bytes[i..<(i + size)].contains { $0 != 0 } ? 1 : 0)
            }
        }
        for (op, info) in zip(model.operators, report.ops) {
            let density = op.inputs.count > 1 ? model.tensors[op.inputs[1]].sparse.map {
                Double($0.nonzeroCount) / Double(model.tensors[op.inputs[1]].elementCount)
            } ?? 1 : 1
            nonzeroMacs += Int((Double(info.macs) * density).rounded())
        }
        let outputs = try judge.compiledOutputs(kgl)
        return CompressionStage(
            name: "int8 .kgl", parameters: parameters, nonzeroParameters: nonzero,
            weightBytes: model.tensors.filter { $0.location == .constant }.reduce(0) { $0 + $1.storedByteCount },
            macs: report.macs, nonzeroMacs: nonzeroMacs, arenaBytes: model.header.arenaBytes,
            outputSQNR: FloatReference.sqnr(judge.outputs, outputs),
            accuracy: labels.map { FloatReference.accuracy(outputs, labels: $0) })
    }

    /// `original`: the user's float model, which `--eval` measures against (the graph being
    /// quantized may be decomposed, normalized at its input or equalized).
    static func quantizeWithEqualization(_ graph: Graph, original: Graph, _ samples: [[[Float]]], _ options: QuantizationOptions,
                                         _ evaluation: (samples: [[[Float]]], labels: [Int]?)?, _ file: String?,
                                         _ progress: ((String) -> Void)?) throws -> (kgl: [UInt8], report: QuantizationReport) {
        var equalized = graph
        do {
            try Pipeline([CrossLayerEqualization()]).run(&equalized)
        } catch {
            throw CompilerError(file: file, "\(error)")
        }
        switch options.equalization {
        case .off:
            return try quantize(graph, original: original, samples, options, evaluation, file, progress)
        case .on:
            var result = try quantize(equalized, original: original, samples, options, evaluation, file, progress)
            result.report.equalization = true
            return result
        case .auto:
            // Equalization is exact in float; keep it when the int8 model is closer to float.
            let plain = try quantize(graph, original: original, samples, options, evaluation, file, progress)
            progress?("cross-layer equalization")
            var equal = try quantize(equalized, original: original, samples, options, evaluation, file, progress)
            var chosen = plain
            // Held out by the range-method rule: 1 dB pooled, better on 2/3 of the samples
            // (pooled held-out SQNR alone kept it where it lost 3 dB on test data: digits_dscnn).
            var comparison: RangeMethodChoice.Comparison?
            if let with = equal.report.selectionErrors, let without = plain.report.selectionErrors {
                comparison = RangeMethodChoice.compare(with, with: without)
            }
            if comparison?.clearlyBetter == true {
                equal.report.equalization = true
                chosen = equal
            }
            chosen.report.sqnrWithoutEqualization = plain.report.selectionSQNR
            chosen.report.sqnrWithEqualization = equal.report.selectionSQNR
            chosen.report.equalizationSamples = comparison.map { ($0.betterSamples, $0.worseSamples) }
            return chosen
        }
    }

    static func quantize(_ graph: Graph, original: Graph, _ samples: [[[Float]]], _ options: QuantizationOptions,
                         _ evaluation: (samples: [[[Float]]], labels: [Int]?)?, _ file: String?,
                         _ progress: ((String) -> Void)?) throws -> (kgl: [UInt8], report: QuantizationReport) {
        progress?("calibrating on \(samples.count) samples")
        // Ranges are fitted to calibration data and then meet data they have not seen, so
        // every choice is judged out of sample, by k-fold: each calibration sample is
        // measured once with ranges from the samples outside its fold. The fold records come
        // from the same two calibration passes as the full one.
        let folds = RangeMethodChoice.folds(samples: samples.count)
        let calibration = try Calibrator.record(graph, samples: samples, outsideOf: folds)
        let record = calibration.all
        let reference = try FloatReference(graph: graph, samples: samples)
        let judges = folds.map { reference.subset($0) }

        var sixteen: Set<Int> = try int16Layers(graph, options.int16, file: file)
        let four = try options.compression.weightBits.int4Operators(graph, file: file)
        func build(_ method: CalibrationMethod, biasCorrection: Bool, stripNames: Bool = false,
                   means: [Int: [Float]]? = nil, from source: Calibrator.Record? = nil,
                   int16 override: Set<Int>? = nil) throws -> [UInt8] {
            let calibration = source ?? record
            var quantized = graph
            var ranges = Calibrator.ranges(calibration.statistics, method: method)
            if let learned = options.learnedRanges {
                for t in ranges.keys {
                    if let range = learned[graph.tensors[t].name] { ranges[t] = range }
                }
            }
            do {
                let pass = QuantizeInt8(ranges: ranges, floatIO: options.floatIO,
                                        channelMeans: biasCorrection ? (means ?? calibration.channelMeans) : nil,
                                        int16Operators: override ?? sixteen, int4Operators: four)
                try Pipeline([pass]).run(&quantized)
            } catch {
                throw CompilerError(file: file, "\(error)")
            }
            return try Compiler.compile(quantized, options: CompileOptions(stripNames: stripNames, sparseWeights: options.sparseWeights), file: file)
        }
        /// Per calibration sample, the error of `method` with ranges (and, for bias
        /// correction, channel means) from the samples outside the sample's fold; nil with
        /// one sample.
        func outOfSample(_ method: CalibrationMethod, biasCorrection: Bool = false) throws -> [RangeMethodChoice.SampleError]? {
            guard !folds.isEmpty else { return nil }
            var errors = [RangeMethodChoice.SampleError](repeating: .init(signal: 0, noise: 0), count: samples.count)
            for (f, fold) in folds.enumerated() {
                let kgl = try build(method, biasCorrection: biasCorrection, from: calibration.outside[f])
                for (i, error) in zip(fold, try judges[f].sampleErrors(kgl)) { errors[i] = error }
            }
            return errors
        }

        let methods = options.method.map { [$0] } ?? QuantizationOptions.automaticCandidates
        var trials: [(method: CalibrationMethod, kgl: [UInt8], sqnr: Double, outOfSample: [RangeMethodChoice.SampleError]?)] = []
        for method in methods {
            progress?("quantizing with \(method)")
            let kgl = try build(method, biasCorrection: false)
            trials.append((method, kgl, try reference.outputSQNR(kgl), methods.count > 1 ? try outOfSample(method) : nil))
        }
        // The rule (RangeMethodChoice): min/max unless a clipping method is clearly better
        // out of sample, pooled and on most samples one by one. With one sample nothing can
        // be held out: min/max.
        var choice: RangeMethodChoice?
        var best = trials.first { $0.method == .minMax } ?? trials[0]
        if methods.count > 1, !folds.isEmpty {
            let made = RangeMethodChoice(trials.map { .init(method: $0.method, outOfSample: $0.outOfSample ?? []) })
            best = trials.first { $0.method == made.method } ?? best
            choice = made
        }
        let candidates: [QuantizationReport.Candidate] = trials.map { trial in
            let verdict = choice?.verdicts.first { $0.method == trial.method }
            return .init(method: trial.method.description, outputSQNR: trial.sqnr, heldOutSQNR: verdict?.sqnr,
                         betterSamples: verdict?.betterSamples, worseSamples: verdict?.worseSamples, medianGain: verdict?.medianGain,
                         heldOutNoise: choice == nil ? nil : trial.outOfSample?.map(\.noise))
        }
        var chosen = (method: best.method, kgl: best.kgl, sqnr: best.sqnr)
        var chosenErrors = best.outOfSample
        var int16Measurement: (without: Double, with: Double)?
        var int16Best: (layer: String, gain: Double)?
        if case .auto = options.int16 {
            progress?("choosing int16 layers")
            let picked = try autoInt16(graph, reference: reference, base: chosen.sqnr) {
                try build(chosen.method, biasCorrection: false, int16: $0)
            }
            int16Best = picked.bestSingle.map { (graph.operators[$0.index].name, $0.gain) }
            if !picked.layers.isEmpty {
                sixteen = picked.layers
                int16Measurement = (chosen.sqnr, picked.sqnr)
                let kgl = try build(chosen.method, biasCorrection: false)
                chosen = (chosen.method, kgl, try reference.outputSQNR(kgl))
                chosenErrors = nil
            }
        }
        if chosenErrors == nil { chosenErrors = try outOfSample(chosen.method) }
        let selectionSQNR = chosenErrors.map(RangeMethodChoice.pooledSQNR) ?? chosen.sqnr
        var corrected: Double?
        var useBiasCorrection = false
        var heldOut: QuantizationReport.HeldOutComparison?
        do {
            // Measured even when off, so the report shows what it would change.
            progress?("bias correction")
            let kgl = try build(chosen.method, biasCorrection: true)
            let sqnr = try reference.outputSQNR(kgl)
            corrected = sqnr
            var keep = options.biasCorrection == .on
            if options.biasCorrection == .auto, let without = chosenErrors,
               let with = try outOfSample(chosen.method, biasCorrection: true) {
                // The correction must help on data its means were not taken from, by the
                // range-method rule: 1 dB pooled over the k folds, on 2/3 of the samples.
                let c = RangeMethodChoice.compare(with, with: without)
                heldOut = QuantizationReport.HeldOutComparison(
                    without: RangeMethodChoice.pooledSQNR(without), with: RangeMethodChoice.pooledSQNR(with),
                    betterSamples: c.betterSamples, worseSamples: c.worseSamples, samples: samples.count)
                keep = c.clearlyBetter
            }
            if keep && options.biasCorrection != .off {
                useBiasCorrection = true
                chosen = (chosen.method, kgl, sqnr)
            }
        }
        let layers = try reference.layers(chosen.kgl, ranges: Calibrator.ranges(record.statistics, method: chosen.method))
        let model = try KglModel(bytes: chosen.kgl)
        let floatWeightBytes = graph.tensors.filter { $0.isConstant && $0.type == .float32 }.reduce(0) { $0 + $1.byteCount }
        let int8WeightBytes = model.tensors.filter { $0.location == .constant }.reduce(0) { $0 + $1.storedByteCount }
        let kgl = options.stripNames ? try build(chosen.method, biasCorrection: useBiasCorrection, stripNames: true) : chosen.kgl
        let warnings = inputWarnings(graph, model: model, samples: samples)
        var measured: QuantizationReport.Evaluation?
        if let evaluation, !evaluation.samples.isEmpty {
            progress?("evaluating on \(evaluation.samples.count) samples")
            let judge = try FloatReference(graph: original, samples: evaluation.samples)
            let int8 = try judge.compiledOutputs(chosen.kgl)
            measured = QuantizationReport.Evaluation(
                samples: evaluation.samples.count, outputSQNR: FloatReference.sqnr(judge.outputs, int8),
                floatAccuracy: evaluation.labels.map { FloatReference.accuracy(judge.outputs, labels: $0) },
                int8Accuracy: evaluation.labels.map { FloatReference.accuracy(int8, labels: $0) })
        }
        var report = QuantizationReport(
            method: chosen.method.description, chosenAutomatically: options.method == nil, candidates: candidates,
            rangeChoice: options.method == nil ? (choice?.reason ?? "minmax: one calibration sample, nothing to hold out") : nil,
            folds: folds.count,
            biasCorrection: useBiasCorrection, sqnrWithoutBiasCorrection: candidates.first { $0.method == chosen.method.description }?.outputSQNR,
            sqnrWithBiasCorrection: corrected, heldOutBiasCorrection: heldOut,
            outputSQNR: chosen.sqnr, calibrationSamples: samples.count, floatWeightBytes: floatWeightBytes,
            int8WeightBytes: int8WeightBytes, kglBytes: kgl.count, arenaBytes: model.header.arenaBytes, layers: layers,
            evaluation: measured, warnings: warnings, selectionSQNR: selectionSQNR,
            int16Layers: sixteen.sorted().map { graph.operators[$0].name }, int16SQNR: int16Measurement,
            int16BestSingle: int16Best)
        report.filterBytes = filterBytes(model)
        report.int4Layers = four.sorted().map { graph.operators[$0].name }
        if choice != nil { report.heldOutSignal = trials.first?.outOfSample?.map(\.signal) }
        report.selectionErrors = chosenErrors
        return (kgl, report)
    }

    /// Stored and dense bytes of the filters (input 1 of the kinds whose spec has a filter
    /// layout: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED).
    static func filterBytes(_ model: KglModel) -> (stored: Int, dense: Int) {
        let filters = Set(model.operators.filter { $0.kind.spec?.filter != nil && $0.inputs.count > 1 }.map { $0.inputs[1] })
            .filter { model.tensors[$0].location == .constant }
        return filters.reduce((0, 0)) { ($0.0 + model.tensors[$1].storedByteCount, $0.1 + model.tensors[$1].byteCount) }
    }

    /// Inputs whose channels (last axis) the single int8 input scale flattens: a feature that
    /// varies in float but takes at most two int8 values over the calibration set.
    static func inputWarnings(_ graph: Graph, model: KglModel, samples: [[[Float]]]) -> [String] {
        var warnings: [String] = []
        for (i, t) in model.inputs.enumerated() {
            // With --float-io the int8 input is the output of the QUANTIZE reading it.
            var int8 = model.tensors[t]
            if int8.type == .float32, let quantize = model.operators.first(where: { $0.kind == .quantize && $0.inputs == [t] }) {
                int8 = model.tensors[quantize.outputs[0]]
            }
            guard int8.type == .int8 else { continue }
            let normalization = model.tensors[t].normalization
            let channels = graph.tensors[graph.inputs[i]].shape.last ?? 1
            guard channels > 1 else { continue }
            var floats = [Set<Float>](repeating: [], count: channels)
            var levels = [Set<Int8>](repeating: [], count: channels)
            for sample in samples {
                let values = normalization?.apply(sample[i]) ?? sample[i]
                for (k, v) in values.enumerated() {
                    let c = k % channels
                    if floats[c].count < 3 { floats[c].insert(v) }
                    levels[c].insert(Runner.quantize(v, scale: int8.scale, zeroPoint: int8.zeroPoint))
                }
            }
            let flattened = (0..<channels).filter { floats[$0].count > 2 && levels[$0].count <= 2 }
            if !flattened.isEmpty {
                warnings.append("input \(i) '\(graph.tensors[graph.inputs[i]].name)': \(flattened.count) of \(channels) channels take at most 2 int8 values over the calibration set (one scale, \(int8.scale), serves channels of very different ranges). Standardize the features before the model so they share one range, or start the model with a Normalization layer (kinglet applies it before quantization unless --keep-input-normalization)")
            }
        }
        return warnings
    }

    /// The operators `--int16` names (by layer), checked.
    static func int16Layers(_ graph: Graph, _ choice: QuantizationOptions.Int16Choice, file: String?) throws -> Set<Int> {
        guard case .layers(let names) = choice else { return [] }
        var picked: Set<Int> = []
        let capable = graph.operators.indices.filter { QuantizeInt8.supportsInt16(graph.operators[$0].kind) }
        for name in names {
            let matches = capable.filter { graph.operators[$0].name == name }
            guard !matches.isEmpty else {
                let names = capable.map { graph.operators[$0].name }
                throw CompilerError(file: file, "--int16: no CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED or ADD layer named '\(name)' after canonicalization (candidates: \(names.joined(separator: ", ")))")
            }
            picked.formUnion(matches)
        }
        return picked
    }

    /// `--int16 auto`: tries each 16x8-capable layer alone, then adds the most helpful ones
    /// greedily (at most 4) while each raises the output SQNR by 0.5 dB; keeps the result
    /// only if it gains at least 1 dB overall (int16 doubles those activations' memory).
    static func autoInt16(_ graph: Graph, reference: FloatReference, base: Double,
                          build: (Set<Int>) throws -> [UInt8]) throws -> (layers: Set<Int>, sqnr: Double, bestSingle: (index: Int, gain: Double)?) {
        let capable = graph.operators.indices.filter { index in
            let op = graph.operators[index]
            if case .add = op.kind, op.inputs.contains(where: { $0 >= 0 && graph.tensors[$0].isConstant }) { return false }
            return QuantizeInt8.supportsInt16(op.kind)
        }
        var gains: [(index: Int, gain: Double)] = []
        for index in capable.prefix(24) {
            guard let kgl = try? build([index]) else { continue }
            gains.append((index, try reference.outputSQNR(kgl) - base))
        }
        gains.sort { $0.gain > $1.gain }
        var picked: Set<Int> = []
        var current = base
        for (index, gain) in gains where gain > 0.5 && picked.count < 4 {
            let trial = picked.union([index])
            guard let kgl = try? build(trial) else { continue }
            let sqnr = try reference.outputSQNR(kgl)
            if sqnr >= current + 0.5 {
                picked = trial
                current = sqnr
            }
        }
        return current >= base + 1 ? (picked, current, gains.first) : ([], base, gains.first)
    }
}
