import Foundation
import KingletIR
import KingletPasses
import KingletTestSupport
import KingletTrain
import Testing
@testable import KingletCompiler

/// What quantization-aware training simulates is what the int8 model computes: after QAT,
/// the simulated model (trained weights, learned ranges, int8 rounding with the quantizer's
/// parameter sharing) and the written int8 model give the same outputs on unseen samples.
/// (Before the simulation followed the sharing, pooling outputs rounded on a range of their
/// own that the int8 model does not use, and the two drifted apart.)
@Suite struct QuantizationAwareSimulationTests {
    func simulatedAndInt8Outputs(learnsRanges: Bool, int4: Bool = false) throws -> (simulated: [Float], int8: [Float], update: RangeUpdate?) {
        let fixture = try #require(QuantizationFixture.named("digits_cnn"))
        let (graph, samples) = try fixture.graphAndSamples("calibration.npy")
        let evaluation = try FloatRunner.samples(graph, [try fixture.array("eval_x.npy")])
        var fineTuning = try FineTuningPipelineTests.fineTuning(400, epochs: 2)
        fineTuning.quantizationAware = true
        fineTuning.learnsRanges = learnsRanges
        var compression = CompressionOptions()
        compression.fineTuning = fineTuning
        if int4 { compression.weightBits = WeightBits(standard: 4) }
        let compressed = try CompressionPipeline.run(graph, compression, calibration: samples, samples: samples,
                                                     labels: nil, file: nil)
        let trained = compressed.graph
        let learned = try #require(compressed.learnedRanges)
        var ranges: [Int: ClosedRange<Float>] = [:]
        for (t, tensor) in trained.tensors.enumerated() { ranges[t] = learned[tensor.name] }
        let model = try TrainingGraph(graph: trained)
        let filters = int4 ? Set(trained.operators.filter { $0.kind.hasQuantizedWeights }.map { $0.inputs[1] }) : []
        let simulation = QuantizationSimulation(graph: trained, initial: ranges, momentum: 1, int4Filters: filters)
        let data = FineTuning.trainingSet(evaluation, targets: [])
        let simulated = try model.forward(data.inputs, constants: model.constants, batch: data.count, training: false,
                                          simulation: simulation).values[trained.outputs[0]]
        var options = QuantizationOptions(method: nil)
        options.compression = compression
        let (kgl, _) = try QuantizingCompiler.compile(graph, calibration: samples, options: options)
        let int8 = try FloatReference(graph: trained, samples: evaluation).compiledOutputs(kgl).flatMap { $0[0] }
        return (simulated, int8, compressed.learnedRangesStart?.update)
    }

    /// Calibrated and learned ranges, and int4 weights (`--weights int4`).
    @Test(arguments: [(false, false), (true, false), (false, true)])
    func theSimulationComputesWhatTheInt8ModelComputes(learnsRanges: Bool, int4: Bool) throws {
        let (simulated, int8, update) = try simulatedAndInt8Outputs(learnsRanges: learnsRanges, int4: int4)
        #expect((update == .learned) == learnsRanges)
        #expect(simulated.count == int8.count && !int8.isEmpty)
        let classes = 10
        let disagreements = (0..<(int8.count / classes)).filter { b in
            let s = simulated[(b * classes)..<((b + 1) * classes)], q = int8[(b * classes)..<((b + 1) * classes)]
            return s.firstIndex(of: s.max()!) != q.firstIndex(of: q.max()!)
        }
        #expect(disagreements.isEmpty, "samples \(disagreements)")
        // The simulation rounds weighted layers and MEAN the int8 kernels' way (twice: to an
        // integer multiple of 2^−shift levels, then to a level) and shares parameters as the
        // quantizer does; a value that float error puts on the other side of a tie may still
        // differ. Before, ~2 % of the outputs differed (~4 % with int4 weights), ~10 % when
        // pooling outputs rounded on ranges of their own.
        let off = zip(simulated, int8).filter { abs($0 - $1) > 0.5 / 256 }.count
        #expect(off * 200 <= int8.count, "\(off) of \(int8.count) outputs a level or more apart")
    }
}
