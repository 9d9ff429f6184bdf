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
                               file: String? = nil, progress: ((String) -> Void)? = nil) throws -> (kgl: [UInt8], report: QuantizationReport) {
        guard !samples.isEmpty else { throw CompilerError(file: file, "the calibration set is empty") }
        var equalized = graph
        do {
            try Pipeline([CrossLayerEqualization()]).run(&equalized)
        } catch {
            throw CompilerError(file: file, "\(error)")
        }
        switch options.equalization {
        case .off:
            return try quantize(graph, samples, options, evaluation, file, progress)
        case .on:
            var result = try quantize(equalized, samples, options, evaluation, file, progress)
            result.report.equalization = true
            return result
        case .auto:
            // Equalization is exact in float; keep it when the int8 model is closer to float.
            let plain = try quantize(graph, samples, options, evaluation, file, progress)
            progress?("cross-layer equalization")
            var equal = try quantize(equalized, samples, options, evaluation, file, progress)
            var chosen = plain
            if equal.report.selectionSQNR > plain.report.selectionSQNR {
                equal.report.equalization = true
                chosen = equal
            }
            chosen.report.sqnrWithoutEqualization = plain.report.selectionSQNR
            chosen.report.sqnrWithEqualization = equal.report.selectionSQNR
            return chosen
        }
    }

    static func quantize(_ graph: Graph, _ samples: [[[Float]]], _ options: QuantizationOptions,
                         _ evaluation: (samples: [[[Float]]], labels: [Int]?)?, _ file: String?,
                         _ progress: ((String) -> Void)?) throws -> (kgl: [UInt8], report: QuantizationReport) {
        progress?("calibrating on \(samples.count) samples")
        let record = try Calibrator.record(graph, samples: samples)
        let reference = try FloatReference(graph: graph, samples: samples)

        func build(_ method: CalibrationMethod, biasCorrection: Bool, stripNames: Bool = false,
                   means: [Int: [Float]]? = nil, from source: Calibrator.Record? = nil) throws -> [UInt8] {
            let calibration = source ?? record
            var quantized = graph
            do {
                let pass = QuantizeInt8(ranges: Calibrator.ranges(calibration.statistics, method: method), floatIO: options.floatIO,
                                        channelMeans: biasCorrection ? (means ?? calibration.channelMeans) : nil)
                try Pipeline([pass]).run(&quantized)
            } catch {
                throw CompilerError(file: file, "\(error)")
            }
            return try Compiler.compile(quantized, options: CompileOptions(stripNames: stripNames), file: file)
        }

        // The range method with the best output SQNR on the calibration samples is kept.
        // Optional transformations (equalization, bias correction) must also help on data
        // their statistics were not taken from: ranges from the even calibration samples,
        // SQNR measured on the odd ones ("held-out").
        let even = samples.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let odd = samples.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let split = odd.isEmpty ? nil : (record: try Calibrator.record(graph, samples: even),
                                         judge: try FloatReference(graph: graph, samples: odd))
        let methods = options.method.map { [$0] } ?? QuantizationOptions.automaticCandidates
        var best: (method: CalibrationMethod, kgl: [UInt8], sqnr: Double)?
        var candidates: [QuantizationReport.Candidate] = []
        for method in methods {
            progress?("quantizing with \(method)")
            let kgl = try build(method, biasCorrection: false)
            let sqnr = try reference.outputSQNR(kgl)
            candidates.append(.init(method: method.description, outputSQNR: sqnr))
            if best == nil || sqnr > best!.sqnr { best = (method, kgl, sqnr) }
        }
        var chosen = best!
        let selectionSQNR = try split.map { try $0.judge.outputSQNR(try build(chosen.method, biasCorrection: false, from: $0.record)) }
            ?? chosen.sqnr
        var corrected: Double?
        var useBiasCorrection = false
        var heldOut: (without: Double, with: Double)?
        do {
            // Measured even when off, so the report shows what it would change.
            progress?("bias correction")
            let kgl = try build(chosen.method, biasCorrection: true)
            let sqnr = try reference.outputSQNR(kgl)
            corrected = sqnr
            var keep = options.biasCorrection == .on
            if options.biasCorrection == .auto, let split {
                // The correction must help on data it was not estimated from.
                let without = try split.judge.outputSQNR(try build(chosen.method, biasCorrection: false, from: split.record))
                let with = try split.judge.outputSQNR(try build(chosen.method, biasCorrection: true, from: split.record))
                heldOut = (without, with)
                keep = with > without
            }
            if keep && options.biasCorrection != .off {
                useBiasCorrection = true
                chosen = (chosen.method, kgl, sqnr)
            }
        }
        let layers = try reference.layers(chosen.kgl, ranges: Calibrator.ranges(record.statistics, method: chosen.method))
        let model = try KglModel(bytes: chosen.kgl)
        let floatWeightBytes = graph.tensors.filter { $0.isConstant && $0.type == .float32 }.reduce(0) { $0 + $1.byteCount }
        let int8WeightBytes = model.tensors.filter { $0.location == .constant }.reduce(0) { $0 + $1.byteCount }
        let kgl = options.stripNames ? try build(chosen.method, biasCorrection: useBiasCorrection, stripNames: true) : chosen.kgl
        let warnings = inputWarnings(graph, model: model, samples: samples)
        var measured: QuantizationReport.Evaluation?
        if let evaluation, !evaluation.samples.isEmpty {
            progress?("evaluating on \(evaluation.samples.count) samples")
            let judge = try FloatReference(graph: graph, samples: evaluation.samples)
            let int8 = try judge.compiledOutputs(chosen.kgl)
            measured = QuantizationReport.Evaluation(
                samples: evaluation.samples.count, outputSQNR: FloatReference.sqnr(judge.outputs, int8),
                floatAccuracy: evaluation.labels.map { FloatReference.accuracy(judge.outputs, labels: $0) },
                int8Accuracy: evaluation.labels.map { FloatReference.accuracy(int8, labels: $0) })
        }
        let report = QuantizationReport(
            method: chosen.method.description, chosenAutomatically: options.method == nil, candidates: candidates,
            biasCorrection: useBiasCorrection, sqnrWithoutBiasCorrection: candidates.first { $0.method == chosen.method.description }?.outputSQNR,
            sqnrWithBiasCorrection: corrected, heldOutBiasCorrection: heldOut,
            outputSQNR: chosen.sqnr, calibrationSamples: samples.count, floatWeightBytes: floatWeightBytes,
            int8WeightBytes: int8WeightBytes, kglBytes: kgl.count, arenaBytes: model.header.arenaBytes, layers: layers,
            evaluation: measured, warnings: warnings, selectionSQNR: selectionSQNR)
        return (kgl, report)
    }

    /// Inputs whose channels (last axis) the single int8 input scale flattens: a feature that
    /// varies in float but takes at most two int8 values over the calibration set.
    static func inputWarnings(_ graph: Graph, model: KglModel, samples: [[[Float]]]) -> [String] {
        var warnings: [String] = []
        for (i, t) in model.inputs.enumerated() where model.tensors[t].type == .int8 {
            let tensor = model.tensors[t]
            let channels = graph.tensors[graph.inputs[i]].shape.last ?? 1
            guard channels > 1 else { continue }
            var floats = [Set<Float>](repeating: [], count: channels)
            var levels = [Set<Int8>](repeating: [], count: channels)
            for sample in samples {
                for (k, v) in sample[i].enumerated() {
                    let c = k % channels
                    if floats[c].count < 3 { floats[c].insert(v) }
                    levels[c].insert(Runner.quantize(v, scale: tensor.scale, zeroPoint: tensor.zeroPoint))
                }
            }
            let flattened = (0..<channels).filter { floats[$0].count > 2 && levels[$0].count <= 2 }
            if !flattened.isEmpty {
                warnings.append("input \(i) '\(graph.tensors[graph.inputs[i]].name)': \(flattened.count) of \(channels) channels take at most 2 int8 values over the calibration set (one scale, \(tensor.scale), serves channels of very different ranges). Standardize the features before the model (and drop its Normalization layer) so they share one range")
            }
        }
        return warnings
    }
}
