import KingletFormat
import KingletInterpreter
import KingletIR
import KingletPasses

/// Float model + calibration samples → int8 `.kgl`: calibrate, quantize with each candidate
/// range method, compile, measure the output SQNR of the compiled bytes against the float
/// model, keep the best.
public enum QuantizingCompiler {
    public static func compile(_ graph: Graph, calibration samples: [[[Float]]], options: QuantizationOptions,
                               file: String? = nil, progress: ((String) -> Void)? = nil) throws -> (kgl: [UInt8], report: QuantizationReport) {
        guard !samples.isEmpty else { throw CompilerError(file: file, "the calibration set is empty") }
        progress?("calibrating on \(samples.count) samples")
        let record = try Calibrator.record(graph, samples: samples)
        let reference = try FloatReference(graph: graph, samples: samples)

        func build(_ method: CalibrationMethod, biasCorrection: Bool, stripNames: Bool = false,
                   means: [Int: [Float]]? = nil) throws -> [UInt8] {
            var quantized = graph
            do {
                let pass = QuantizeInt8(ranges: Calibrator.ranges(record.statistics, method: method), floatIO: options.floatIO,
                                        channelMeans: biasCorrection ? (means ?? record.channelMeans) : nil)
                try Pipeline([pass]).run(&quantized)
            } catch {
                throw CompilerError(file: file, "\(error)")
            }
            return try Compiler.compile(quantized, options: CompileOptions(stripNames: stripNames), file: file)
        }

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
            if options.biasCorrection == .auto {
                // Means from the even samples, judged on the odd ones: the correction must
                // help on data it was not estimated from, or it is left out.
                let even = samples.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
                let odd = samples.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
                if !odd.isEmpty {
                    let means = try Calibrator.record(graph, samples: even).channelMeans
                    let judge = try FloatReference(graph: graph, samples: odd)
                    let without = try judge.outputSQNR(chosen.kgl)
                    let with = try judge.outputSQNR(try build(chosen.method, biasCorrection: true, means: means))
                    heldOut = (without, with)
                    keep = with > without
                }
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
        let report = QuantizationReport(
            method: chosen.method.description, chosenAutomatically: options.method == nil, candidates: candidates,
            biasCorrection: useBiasCorrection, sqnrWithoutBiasCorrection: candidates.first { $0.method == chosen.method.description }?.outputSQNR,
            sqnrWithBiasCorrection: corrected, heldOutBiasCorrection: heldOut,
            outputSQNR: chosen.sqnr, calibrationSamples: samples.count, floatWeightBytes: floatWeightBytes,
            int8WeightBytes: int8WeightBytes, kglBytes: kgl.count, arenaBytes: model.header.arenaBytes, layers: layers)
        return (kgl, report)
    }
}
