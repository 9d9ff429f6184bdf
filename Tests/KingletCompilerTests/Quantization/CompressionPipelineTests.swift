import Foundation
import KingletCompiler
import KingletFormat
import KingletIO
import KingletPasses
import Testing

/// Issue 6 on the real Keras fixtures: pruning and decomposition before int8 quantization,
/// the sparse storage they buy, the stage report, and C == Swift on every written model.
@Suite struct CompressionPipelineTests {
    static func compile(_ name: String, _ compression: CompressionOptions, sparse: Bool = true,
                        labelled: Bool = true) throws -> (kgl: [UInt8], report: QuantizationReport, fixture: QuantizationFixture) {
        let fixture = try #require(QuantizationFixture.named(name))
        let (graph, samples) = try fixture.graphAndSamples("calibration.npy")
        var options = QuantizationOptions(method: .minMax)
        options.compression = compression
        options.sparseWeights = sparse
        let eval = try FloatRunner.samples(graph, [try fixture.array("eval_x.npy")])
        let labels = labelled ? try fixture.array("eval_y.npy").floatValues().map { Int($0) } : nil
        let (kgl, report) = try QuantizingCompiler.compile(graph, calibration: samples, options: options,
                                                           evaluation: (eval, labels))
        #expect(try Verifier.verify(kgl, inputs: [try fixture.array("eval_x.npy")]).mismatch == nil, "\(name): C ≠ Swift")
        return (kgl, report, fixture)
    }

    /// Stored bytes of the FULLY_CONNECTED / CONV_2D / DEPTHWISE_CONV_2D filters.
    static func filterBytes(_ kgl: [UInt8]) throws -> (stored: Int, dense: Int) {
        let model = try KglModel(bytes: kgl)
        let kinds: Set<KglOperatorKind> = [.fullyConnected, .conv2D, .depthwiseConv2D]
        let filters = Set(model.operators.filter { kinds.contains($0.kind) }.map { $0.inputs[1] })
        return filters.reduce((0, 0)) { sum, i in (sum.0 + model.tensors[i].storedByteCount, sum.1 + model.tensors[i].byteCount) }
    }

    /// Every layer pruned to 50 % and to 75 %: the filters' stored bytes are at most 0.65× and
    /// 0.4× of dense int8 (the bitmap costs 1/8), the same model stored dense runs to the same
    /// bytes, and the report names each layer's sparsity.
    @Test(arguments: ["digits_mlp", "digits_dscnn"])
    func sparseStorageMeetsTheSizeBars(_ name: String) throws {
        let layers = try Self.prunableLayerNames(name)
        for (sparsity, bar) in [(0.5, 0.65), (0.75, 0.4)] {
            var compression = CompressionOptions()
            compression.sparsityPerLayer = Dictionary(uniqueKeysWithValues: layers.map { ($0, sparsity) })
            let sparse = try Self.compile(name, compression)
            let dense = try Self.compile(name, compression, sparse: false, labelled: false)
            let (stored, denseBytes) = try Self.filterBytes(sparse.kgl)
            #expect(try Self.filterBytes(dense.kgl).stored == denseBytes)
            #expect(Double(stored) <= bar * Double(denseBytes), "\(name) at \(sparsity): \(stored) of \(denseBytes) B")
            #expect(sparse.report.pruning.count == layers.count && sparse.report.pruning.allSatisfy(\.applied))
            // Same int8 weights either way, so the same outputs.
            let x = try sparse.fixture.array("eval_x.npy")
            #expect(try Runner.run(sparse.kgl, inputs: [x], engine: .c) == Runner.run(dense.kgl, inputs: [x], engine: .c))
            // Stages: the float model, magnitude pruning, the written model.
            #expect(sparse.report.stages.map(\.name) == ["float model", "magnitude pruning", "int8 .kgl"])
            let written = try #require(sparse.report.stages.last)
            #expect(written.weightBytes == (try KglModel(bytes: sparse.kgl)).tensors.filter { $0.location == .constant }
                .reduce(0) { $0 + $1.storedByteCount })
            #expect(written.nonzeroMacs < written.macs && written.accuracy != nil)
        }
    }

    static func prunableLayerNames(_ name: String) throws -> [String] {
        let fixture = try #require(QuantizationFixture.named(name))
        let (graph, _) = try fixture.graphAndSamples("calibration.npy")
        return MagnitudePruning.prunableLayers(graph).map { graph.operators[$0.op].name }
    }

    /// Channel pruning of 30 % on the MobileNet (α 0.25): at least 40 % fewer MACs, a smaller
    /// arena, and the model still runs identically in both engines.
    @Test func channelPruningCutsMobileNetMACs() throws {
        var compression = CompressionOptions()
        compression.channels = 0.3
        let (kgl, report, _) = try Self.compile("digits_mobilenet", compression)
        let stages = report.stages
        #expect(stages.map(\.name) == ["float model", "channel pruning", "int8 .kgl"])
        let before = stages[0], after = stages[1]
        #expect(Double(after.macs) <= 0.6 * Double(before.macs), "MACs \(before.macs) → \(after.macs)")
        #expect(after.arenaBytes < before.arenaBytes && after.parameters < before.parameters)
        #expect(stages[2].macs == after.macs)
        #expect(report.channelPruning.contains { $0.channelsAfter < $0.channelsBefore })
        // The classifier's outputs are the model's: never pruned.
        let model = try KglModel(bytes: kgl)
        #expect(model.tensors[model.outputs[0]].shape.last == 10)
    }

    /// All three stages in one call, in order, each measured; the written model verifies.
    @Test func lowRankChannelsAndSparsityInOnePipeline() throws {
        var compression = CompressionOptions()
        compression.lowRank = .energy(0.95)
        compression.channels = 0.25
        compression.sparsity = 0.5
        let (_, report, _) = try Self.compile("digits_cnn", compression)
        #expect(report.stages.map(\.name) == ["float model", "low-rank", "channel pruning", "magnitude pruning", "int8 .kgl"])
        #expect(report.stages[2].macs < report.stages[0].macs)
        #expect(report.stages[3].nonzeroParameters < report.stages[2].nonzeroParameters)
        #expect(report.stages.allSatisfy { $0.accuracy != nil })
        #expect(report.text(file: "x").contains("channel pruning") && report.json().contains("\"stages\""))
    }

    /// Pruning leaves dense the layers the writer would store dense: one threshold, held in
    /// two modules (KingletPasses does not see the format).
    @Test func pruningAndTheWriterShareTheSparseThreshold() {
        #expect(MagnitudePruning.minimumUsefulSparsity == SparseEncoding.minimumZeroFraction)
        #expect(SparsityAllocation.ladder.first == SparseEncoding.minimumZeroFraction)
        #expect(SparseEncoding.isStoredSparse(count: 64, nonzeros: 32))
        #expect(!SparseEncoding.isStoredSparse(count: 64, nonzeros: 33))
        #expect(SparseEncoding.filterBytes(count: 64, nonzeros: 33) == 64)
        #expect(SparseEncoding.filterBytes(count: 64, nonzeros: 32) == 8 + 32)
    }

    /// `--prune auto=BUDGET`: per-layer sparsities from the measured sensitivity bring the
    /// int8 weights within the budget; an unreachable budget is refused with the reachable size.
    @Test func automaticSparsityMeetsTheBudget() throws {
        var compression = CompressionOptions()
        compression.sparsityBudget = .fraction(0.5)
        let (kgl, report, _) = try Self.compile("digits_mlp", compression)
        let allocation = try #require(report.allocation)
        #expect(allocation.estimatedBytes <= allocation.budgetBytes)
        let written = try KglModel(bytes: kgl).tensors.filter { $0.location == .constant }.reduce(0) { $0 + $1.storedByteCount }
        #expect(written <= allocation.budgetBytes, "\(written) B written, budget \(allocation.budgetBytes) B")
        #expect(!allocation.sparsities.isEmpty && report.pruning.contains(where: \.applied))

        compression.sparsityBudget = .bytes(100)
        #expect(throws: CompilerError.self) { try Self.compile("digits_mlp", compression) }
    }

    /// The CLI: --prune items, the stage report, and clear refusals.
    @Test func commandLine() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("kinglet-prune-\(UUID().uuidString).kgl").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let fixture = try #require(QuantizationFixture.named("digits_cnn"))
        let ok = try KingletProcess.run(["compile", fixture.modelPath, "--calibration", QuantizationFixture.path("digits_cnn.calibration.npy"),
                                         "--calibrate", "minmax", "--prune", "sparsity=0.5,conv1=0.8", "-o", out])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("magnitude pruning") && ok.stdout.contains("int8 .kgl"), "\(ok.stdout)")
        #expect(try KglModel(bytes: Array(Data(contentsOf: URL(fileURLWithPath: out)))).tensors.contains { $0.sparse != nil })
        for (bad, message) in [("sparsity=1.5", "fraction"), ("nope=0.5", "'nope'"), ("criterion=l3", "l1, l2 or gamma"),
                               ("auto=lots", "budget"), ("sparsity", "KEY=VALUE")] {
            let result = try KingletProcess.run(["compile", fixture.modelPath, "--calibration",
                                                 QuantizationFixture.path("digits_cnn.calibration.npy"), "--prune", bad, "-o", out + ".bad"])
            #expect(result.status != 0 && result.stderr.contains(message), "\(bad): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out + ".bad"))
        }
    }
}
