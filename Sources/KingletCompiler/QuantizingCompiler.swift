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
        let statistics = try Calibrator.statistics(graph, samples: samples)
        let reference = try FloatReference(graph: graph, samples: samples)
        let methods = options.method.map { [$0] } ?? QuantizationOptions.automaticCandidates
        var best: (method: CalibrationMethod, kgl: [UInt8], sqnr: Double)?
        var candidates: [QuantizationReport.Candidate] = []
        for method in methods {
            progress?("quantizing with \(method)")
            var quantized = graph
            do {
                try Pipeline([QuantizeInt8(ranges: Calibrator.ranges(statistics, method: method), floatIO: options.floatIO)])
                    .run(&quantized)
            } catch {
                throw CompilerError(file: file, "\(error)")
            }
            let kgl = try Compiler.compile(quantized, options: CompileOptions(), file: file)
            let sqnr = try reference.outputSQNR(kgl)
            candidates.append(.init(method: method.description, outputSQNR: sqnr))
            if best == nil || sqnr > best!.sqnr { best = (method, kgl, sqnr) }
        }
        let chosen = best!
        let layers = try reference.layers(chosen.kgl, ranges: Calibrator.ranges(statistics, method: chosen.method))
        let model = try KglModel(bytes: chosen.kgl)
        let floatWeightBytes = graph.tensors.filter { $0.isConstant && $0.type == .float32 }.reduce(0) { $0 + $1.byteCount }
        let int8WeightBytes = model.tensors.filter { $0.location == .constant }.reduce(0) { $0 + $1.byteCount }
        var kgl = chosen.kgl
        if options.stripNames {
            var quantized = graph
            try Pipeline([QuantizeInt8(ranges: Calibrator.ranges(statistics, method: chosen.method), floatIO: options.floatIO)])
                .run(&quantized)
            kgl = try Compiler.compile(quantized, options: CompileOptions(stripNames: true), file: file)
        }
        let report = QuantizationReport(
            method: chosen.method.description, chosenAutomatically: options.method == nil, candidates: candidates,
            outputSQNR: chosen.sqnr, calibrationSamples: samples.count, floatWeightBytes: floatWeightBytes,
            int8WeightBytes: int8WeightBytes, kglBytes: kgl.count, arenaBytes: model.header.arenaBytes, layers: layers)
        return (kgl, report)
    }
}
