import Foundation
import KingletCompiler
import KingletFormat
import KingletIO
import KingletPasses
import KingletTestSupport
import Testing

/// Issue 15 on the bundled digits CNN: 75 % sparsity, then 16 shared values per filter, then
/// fine-tuning and QAT that keep the clusters. The int8 filters hold at most 16 values per
/// output channel, the pruned zeros stay zero, and fine-tuning wins the accuracy back.
@Suite struct WeightClusteringPipelineTests {
    @Test func pruningClusteringAndFineTuningKeepSixteenValuesPerChannel() throws {
        var compression = CompressionOptions()
        compression.sparsity = 0.75
        compression.clusters = 16
        var fineTuning = try FineTuningPipelineTests.fineTuning(1257, epochs: 3)
        fineTuning.quantizationAware = true
        compression.fineTuning = fineTuning
        let (kgl, report, _) = try CompressionPipelineTests.compile("digits_cnn", compression, sparse: false)
        #expect(report.stages.map(\.name) == ["float model", "magnitude pruning", "magnitude pruning + fine-tuning",
                                              "weight clustering", "weight clustering + fine-tuning",
                                              FineTuningRecord.quantizationAware, "int8 .kgl"])
        let clustered = report.clustering.filter(\.applied)
        #expect(clustered.count == 3 && clustered.allSatisfy { $0.distinctValues <= 16 })
        // Clustering and the trainings after it keep every pruned zero.
        let nonzero = { (name: String) in report.stages.first { $0.name == name }!.nonzeroParameters }
        #expect(nonzero("weight clustering + fine-tuning") == nonzero("magnitude pruning"))

        let model = try KglModel(bytes: kgl)
        let kinds: Set<KglOperatorKind> = [.fullyConnected, .conv2D, .depthwiseConv2D]
        for op in model.operators where kinds.contains(op.kind) {
            let filter = model.tensors[op.inputs[1]]
            let bytes = Array(model.constantBytes(filter))
            let channelAxis = op.kind == .depthwiseConv2D ? 3 : 0
            let shape = filter.shape.map { Int($0) }
            let inner = shape[(channelAxis + 1)...].reduce(1, *)
            var perChannel = [Set<UInt8>](repeating: [], count: shape[channelAxis])
            for (i, b) in bytes.enumerated() { perChannel[(i / inner) % shape[channelAxis]].insert(b) }
            #expect(perChannel.allSatisfy { $0.count <= 16 }, "\(filter.name ?? "?"): \(perChannel.map(\.count).max() ?? 0) values")
        }
        let float = try FineTuningPipelineTests.accuracy(report, "float model")
        let clusteredAccuracy = try FineTuningPipelineTests.accuracy(report, "weight clustering")
        let tuned = try FineTuningPipelineTests.accuracy(report, "weight clustering + fine-tuning")
        let int8 = try FineTuningPipelineTests.accuracy(report, "int8 .kgl")
        #expect(tuned >= clusteredAccuracy && int8 > float - 0.03, "float \(float), clustered \(clusteredAccuracy), tuned \(tuned), int8 \(int8)")
    }

    /// The CLI: --cluster items, the report's per-layer lines, and clear refusals.
    @Test func commandLine() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("kinglet-cluster-\(UUID().uuidString).kgl").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let fixture = try #require(QuantizationFixture.named("digits_cnn"))
        let calibration = QuantizationFixture.path("digits_cnn.calibration.npy")
        let ok = try KingletProcess.run(["compile", fixture.modelPath, "--calibration", calibration, "--calibrate", "minmax",
                                         "--cluster", "8,conv1=16,scope=channel,init=density", "--report", out + ".json", "-o", out])
        defer { try? FileManager.default.removeItem(atPath: out + ".json") }
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("weight clustering: 3 of 3 layers clustered (k-means, one codebook per channel)"), "\(ok.stdout)")
        #expect(ok.stdout.contains("CONV_2D conv1: 16 values of at most 16 per codebook (4-bit indices)"), "\(ok.stdout)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + ".json"))) as? [String: Any]
        let layers = try #require(json?["clustering"] as? [[String: Any]])
        #expect(layers.map { $0["clusters"] as? Int } == [8, 16, 8])
        for (bad, message) in [("1", "from 2 to 256"), ("300", "from 2 to 256"), ("scope=row", "tensor or channel"),
                               ("16,init=random", "kmeans++, linear or density"), ("scope=channel", "number of shared values"),
                               ("conv9=16", "conv9")] {
            let result = try KingletProcess.run(["compile", fixture.modelPath, "--calibration", calibration, "--cluster", bad,
                                                 "-o", out + ".bad"])
            #expect(result.status != 0 && result.stderr.contains(message), "\(bad): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out + ".bad"))
        }
    }

    /// `--weights int4`: every filter in [−7, 7] in the written model, reported, C == Swift
    /// (the compile helper verifies); per-layer settings and refusals.
    @Test func int4WeightsOnTheCommandLine() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("kinglet-int4-\(UUID().uuidString).kgl").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let fixture = try #require(QuantizationFixture.named("digits_cnn"))
        let calibration = QuantizationFixture.path("digits_cnn.calibration.npy")
        let ok = try KingletProcess.run(["compile", fixture.modelPath, "--calibration", calibration, "--weights", "int4,fc=int8",
                                         "--dense-weights", "-o", out])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("int4 weights (symmetric per channel, MSE clipping; stored as int8 for now): conv0, conv1"), "\(ok.stdout)")
        let model = try KglModel(bytes: Array(Data(contentsOf: URL(fileURLWithPath: out))))
        let kinds: Set<KglOperatorKind> = [.fullyConnected, .conv2D, .depthwiseConv2D]
        for op in model.operators where kinds.contains(op.kind) {
            let values = Array(model.constantBytes(model.tensors[op.inputs[1]])).map { Int8(bitPattern: $0) }
            let inInt4 = values.allSatisfy { $0 >= -7 && $0 <= 7 }
            #expect(inInt4 == (op.kind != .fullyConnected), "\(op.kind)")
        }
        for (bad, message) in [("int3", "int8 or int4"), ("conv9=int4", "conv9"), ("fc=int2", "int8 or int4")] {
            let result = try KingletProcess.run(["compile", fixture.modelPath, "--calibration", calibration, "--weights", bad,
                                                 "-o", out + ".bad"])
            #expect(result.status != 0 && result.stderr.contains(message), "\(bad): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out + ".bad"))
        }
    }
}
