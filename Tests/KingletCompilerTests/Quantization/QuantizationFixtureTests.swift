import Foundation
import KingletCompiler
import KingletFormat
import KingletIO
import KingletPasses
import Testing

/// Issue 4 on real models trained on scikit-learn data, against the TensorFlow Lite
/// converter's full-integer models of the same Keras files and the same calibration samples.
@Suite struct QuantizationFixtureTests {
    @Test func fixturesArePresent() {
        #expect(QuantizationFixture.all.count >= 8)
    }

    /// Compiles a fixture, runs the .kgl on its evaluation set with the C runtime and
    /// returns the dequantized outputs.
    static func quantizedOutputs(_ fixture: QuantizationFixture, method: CalibrationMethod?,
                                 equalization: QuantizationOptions.Switch = .auto) throws -> (kgl: [UInt8], outputs: [Float]) {
        let (graph, samples) = try fixture.graphAndSamples("calibration.npy")
        let (kgl, _) = try QuantizingCompiler.compile(graph, calibration: samples,
                                                      options: QuantizationOptions(method: method, equalization: equalization))
        let outputs = try Runner.run(kgl, inputs: [try fixture.array("eval_x.npy")], engine: .c, dequantize: true)
        return (kgl, try outputs[0].floatValues())
    }

    /// Every fixture: int8 accuracy within 1 point of float, output SQNR against the float
    /// model at least the converter's minus 1 dB, and C == Swift byte for byte. The two tabular
    /// models take raw features into a Normalization layer; they meet the bar because it moves
    /// into the input normalization (the converter's int8 model falls to 65 % and 57 %).
    @Test(arguments: QuantizationFixture.all)
    func matchesFloatAsWellAsTheConverter(fixture: QuantizationFixture) throws {
        // The two 32×32×3 models calibrate with min/max only and no equalization search, to
        // keep debug test time down.
        let large = fixture.name == "digits_mobilenet" || fixture.name == "digits_resnet8"
        let (kgl, outputs) = try Self.quantizedOutputs(fixture, method: large ? .minMax : nil,
                                                       equalization: large ? .off : .auto)
        let reference = try fixture.array("float_output.npy").floatValues()
        let sqnr = QuantizationFixture.sqnr(reference, outputs)
        #expect(sqnr >= fixture.tfSQNR - 1, "\(fixture.name): \(sqnr) dB, the converter \(fixture.tfSQNR) dB")
        if fixture.classification {
            let labels = try fixture.array("eval_y.npy").floatValues()
            let accuracy = QuantizationFixture.accuracy(outputs, labels: labels)
            #expect(accuracy >= fixture.floatAccuracy - 0.01, "\(fixture.name): int8 \(accuracy), float \(fixture.floatAccuracy)")
        }
        let sample = try fixture.array("eval_x.npy")
        let few = try NpyArray(shape: [4] + sample.shape.dropFirst(), dtype: sample.dtype,
                               data: Array(sample.data.prefix(4 * sample.data.count / sample.shape[0])))
        let verdict = try Verifier.verify(kgl, inputs: [few])
        #expect(verdict.mismatch == nil && verdict.samples == 4, "\(fixture.name): \(String(describing: verdict.mismatch))")
    }

    /// The same symmetric per-channel rule as the converter: digits_cnn's Dense weights are
    /// the converter's, value for value and scale for scale; its first convolution's int8
    /// values too (the converter also folds Rescaling(1/16) into them, which scales a
    /// channel's scale but not its int8 values).
    @Test func int8WeightsAgreeWithTheConverter() throws {
        guard let fixture = QuantizationFixture.named("digits_cnn") else { Issue.record("digits_cnn missing"); return }
        let (kgl, _) = try Self.quantizedOutputs(fixture, method: .minMax, equalization: .off)
        let model = try KglModel(bytes: kgl)
        func weights(of kind: KglOperatorKind) throws -> (values: [Int8], scales: [Float]) {
            let op = try #require(model.operators.first { $0.kind == kind })
            let tensor = model.tensors[op.inputs[1]]
            return (model.constantBytes(tensor).map { Int8(bitPattern: $0) }, tensor.channelScales)
        }
        let dense = try weights(of: .fullyConnected)
        #expect(dense.values == (try fixture.array("tf_dense_weights.npy").data.map { Int8(bitPattern: $0) }))
        #expect(dense.scales == (try fixture.array("tf_dense_scales.npy").floatValues()))
        let conv = try weights(of: .conv2D)
        let theirs = try fixture.array("tf_conv0_weights.npy").data.map { Int8(bitPattern: $0) }
        let differing = zip(conv.values, theirs).filter { $0 != $1 }
        #expect(conv.values.count == theirs.count)
        #expect(differing.allSatisfy { abs(Int($0) - Int($1)) <= 1 } && differing.count <= 2,
                "\(differing.count) of \(theirs.count) conv weights differ: \(differing)")
    }

    /// 16x8 layers chosen by name: requantized at their edges, C == Swift, no worse than int8.
    @Test func int16LayersRunBitExactInBothEngines() throws {
        guard let fixture = QuantizationFixture.named("digits_cnn") else { Issue.record("digits_cnn missing"); return }
        let (graph, samples) = try fixture.graphAndSamples("calibration.npy")
        var options = QuantizationOptions(method: .minMax, equalization: .off)
        let int8 = try QuantizingCompiler.compile(graph, calibration: samples, options: options)
        options.int16 = .layers(["conv0", "conv1", "fc"])
        let mixed = try QuantizingCompiler.compile(graph, calibration: samples, options: options)
        #expect(mixed.report.int16Layers == ["conv0", "conv1", "fc"])
        let model = try KglModel(bytes: mixed.kgl)
        #expect(model.tensors.filter { $0.type == .int16 }.count >= 6)
        #expect(mixed.report.outputSQNR >= int8.report.outputSQNR - 0.5)
        // The report covers the requantizing QUANTIZEs (no range) and int16 outputs (finite SQNR).
        let json = try JSONSerialization.jsonObject(with: Data(mixed.report.json().utf8)) as? [String: Any]
        #expect((json?["layers"] as? [Any])?.count == model.operators.count)
        let conv1 = try #require(mixed.report.layers.first { $0.name == "conv1" })
        #expect(conv1.sqnr.map { $0.isFinite && $0 > 20 } == true, "\(String(describing: conv1.sqnr))")
        let verdict = try Verifier.verify(mixed.kgl, inputs: [try fixture.array("eval_x.npy")])
        #expect(verdict.mismatch == nil, "\(String(describing: verdict.mismatch))")

        options.int16 = .layers(["pool0"])
        #expect(throws: CompilerError.self) { try QuantizingCompiler.compile(graph, calibration: samples, options: options) }
    }

    /// Keras Subtract (tensor − tensor) and `1 − x` (constant first operand) quantize to the
    /// int8 SUB kernel; both engines agree and the output stays close to Keras's.
    @Test func subtractionQuantizes() throws {
        for name in ["merge_subtract"] {
            let inputs = [KerasFixture.path("\(name).input0.npy"), KerasFixture.path("\(name).input1.npy")]
            let graph = try Compiler.importFloatGraph(KerasFixture.path("\(name).keras"))
            let arrays = try inputs.map { try KerasFixture.read($0) }
            let samples = try FloatRunner.samples(graph, arrays)
            let (kgl, report) = try QuantizingCompiler.compile(graph, calibration: samples,
                                                               options: QuantizationOptions(method: .minMax, equalization: .off))
            let model = try KglModel(bytes: kgl)
            #expect(model.operators.map(\.kind) == [.sub])
            #expect(report.outputSQNR > 35, "\(report.outputSQNR)")
            #expect(try Verifier.verify(kgl, inputs: arrays).mismatch == nil)
        }
    }

    /// Raw features of very different ranges behind a Normalization layer: by default the
    /// layer becomes the input normalization (no warning, accuracy kept); kept inside the
    /// int8 graph, one input scale flattens most features and the report warns. With
    /// --float-io the QUANTIZE applies the same normalization: the int8 outputs are identical.
    @Test func rawFeaturesKeepTheirResolution() throws {
        let fixture = try #require(QuantizationFixture.named("cancer_mlp"))
        let (graph, samples) = try fixture.graphAndSamples("calibration.npy")
        var options = QuantizationOptions(method: .minMax)
        let absorbed = try QuantizingCompiler.compile(graph, calibration: samples, options: options)
        #expect(absorbed.report.normalizedInputs == ["features"])
        #expect(absorbed.report.warnings.isEmpty, "\(absorbed.report.warnings)")
        let model = try KglModel(bytes: absorbed.kgl)
        #expect(model.tensors[model.inputs[0]].normalization?.channels == 30)
        #expect(!model.operators.contains { $0.kind == .mul })

        options.absorbInputNormalization = false
        let kept = try QuantizingCompiler.compile(graph, calibration: samples, options: options)
        #expect(kept.report.normalizedInputs.isEmpty)
        #expect(kept.report.warnings.contains { $0.contains("channels take at most 2 int8 values") }, "\(kept.report.warnings)")
        #expect(kept.report.outputSQNR < absorbed.report.outputSQNR - 20)

        options.absorbInputNormalization = true
        options.floatIO = true
        let floatIO = try QuantizingCompiler.compile(graph, calibration: samples, options: options)
        let floatModel = try KglModel(bytes: floatIO.kgl)
        #expect(floatModel.tensors[floatModel.inputs[0]].type == .float32)
        #expect(floatModel.tensors[floatModel.inputs[0]].normalization?.channels == 30)
        let eval = try fixture.array("eval_x.npy")
        #expect(try Verifier.verify(floatIO.kgl, inputs: [eval]).mismatch == nil)
        let int8 = try Runner.run(absorbed.kgl, inputs: [eval], engine: .c)
        // The float model's last operator is the DEQUANTIZE; compare the int8 tensor it reads.
        let viaFloat = try Runner.run(floatIO.kgl, inputs: [eval], engine: .c, dequantize: false)
        let direct = try Runner.run(absorbed.kgl, inputs: [eval], engine: .c, dequantize: true)
        #expect(try viaFloat[0].floatValues() == direct[0].floatValues())
        #expect(int8[0].dtype == .int8)
    }

    /// --low-rank before quantization: layers replaced where they shrink, each decision in the
    /// report, the evaluation against the original float model, both engines equal.
    @Test func lowRankDecompositionBeforeQuantization() throws {
        let fixture = try #require(QuantizationFixture.named("digits_mlp"))
        let (graph, samples) = try fixture.graphAndSamples("calibration.npy")
        var options = QuantizationOptions(method: .minMax)
        options.lowRank = .energy(0.9)
        let eval = try fixture.array("eval_x.npy")
        let labels = try fixture.array("eval_y.npy").floatValues().map { Int($0) }
        let evalSamples = try FloatRunner.samples(graph, [eval])
        let (kgl, report) = try QuantizingCompiler.compile(graph, calibration: samples, options: options,
                                                           evaluation: (evalSamples, labels))
        #expect(report.lowRank.count == 3)
        let applied = report.lowRank.filter(\.applied)
        #expect(!applied.isEmpty && applied.allSatisfy { $0.parametersAfter < $0.parametersBefore && $0.energy >= 0.9 })
        let model = try KglModel(bytes: kgl)
        #expect(model.operators.filter { $0.kind == .fullyConnected }.count == 3 + applied.count)
        // Accuracy is measured against the original model's float accuracy.
        let plain = try QuantizingCompiler.compile(graph, calibration: samples, options: QuantizationOptions(method: .minMax),
                                                   evaluation: (evalSamples, labels))
        #expect(report.evaluation?.floatAccuracy == plain.report.evaluation?.floatAccuracy)
        #expect(report.lowRankFloatSQNR.map { $0 > 10 } == true)
        #expect(try Verifier.verify(kgl, inputs: [eval]).mismatch == nil)
    }

    /// `kinglet analyze --sensitivity`: per Dense layer and energy level, the rank the policy
    /// gives, its parameters (only where that saves any), and the float model's SQNR and
    /// accuracy with just that layer decomposed.
    @Test func rankSensitivityPerLayer() throws {
        let fixture = try #require(QuantizationFixture.named("digits_mlp"))
        let (graph, samples) = try fixture.graphAndSamples("eval_x.npy")
        let labels = try fixture.array("eval_y.npy").floatValues().map { Int($0) }
        let report = try RankSensitivity.measure(graph, samples: Array(samples.prefix(64)), labels: Array(labels.prefix(64)))
        #expect(report.layers.map(\.name) == ["fc1", "fc2", "fc3"])
        for layer in report.layers {
            #expect(layer.points.map(\.energy) == RankSensitivity.energies)
            #expect(zip(layer.points, layer.points.dropFirst()).allSatisfy { $0.rank >= $1.rank }, "\(layer.name)")
            let out = graph.tensors[graph.operators.first { $0.name == layer.name }!.inputs[1]].shape[0]
            let inner = layer.parameters / out
            for point in layer.points {
                if let parameters = point.parameters {
                    #expect(parameters == point.rank * (out + inner) && parameters < layer.parameters)
                    #expect(point.outputSQNR.map { $0.isFinite && $0 > 0 } == true && point.accuracy != nil)
                } else {
                    #expect(point.rank * (out + inner) >= layer.parameters && point.outputSQNR == nil)
                }
            }
        }
        let cli = try KingletProcess.run(["analyze", fixture.modelPath, "--sensitivity", "--calibration",
                                          QuantizationFixture.path("digits_mlp.calibration.npy"), "--samples", "16", "--json"])
        #expect(cli.status == 0 && cli.stdout.contains("\"full_rank\"") && cli.stdout.contains("\"sparsity\""), "\(cli.stderr)")
    }

    /// The sparsity part: every prunable layer at each level, pruned alone; pruning more of a
    /// layer (a superset of its zeros) costs more SQNR here.
    @Test func sparsitySensitivityPerLayer() throws {
        let fixture = try #require(QuantizationFixture.named("digits_mlp"))
        let (graph, samples) = try fixture.graphAndSamples("eval_x.npy")
        let labels = try fixture.array("eval_y.npy").floatValues().map { Int($0) }
        let report = try SparsitySensitivity.measure(graph, samples: Array(samples.prefix(64)), labels: Array(labels.prefix(64)))
        #expect(report.layers.map(\.name) == ["fc1", "fc2", "fc3"])
        for layer in report.layers {
            #expect(layer.outputSQNR.count == SparsitySensitivity.levels.count && layer.accuracy.allSatisfy { $0 != nil })
            #expect(layer.outputSQNR.first! > layer.outputSQNR.last!, "\(layer.name): \(layer.outputSQNR)")
        }
        #expect(report.text().contains("sparsity 95%"))
    }

    /// The automatic range method end to end (RangeMethodChoice, 8-fold). cancer_mlp:
    /// entropy gains 3.3 dB held out, better on 7 and worse on 1 of the samples whose outputs
    /// differ: chosen, and it gains on the evaluation set too (the earlier rule's held-out
    /// halves missed it). digits_cnn: percentile gains more than 1 dB pooled held out, but
    /// is better on too few of the differing samples: min/max stays.
    @Test func automaticRangeMethodIsJudgedSampleBySample() throws {
        let cancer = try #require(QuantizationFixture.named("cancer_mlp"))
        let auto = try Self.quantizedOutputs(cancer, method: nil, equalization: .off)
        let minMax = try Self.quantizedOutputs(cancer, method: .minMax, equalization: .off)
        let reference = try cancer.array("float_output.npy").floatValues()
        let (graph, samples) = try cancer.graphAndSamples("calibration.npy")
        let report = try QuantizingCompiler.compile(graph, calibration: samples, options: QuantizationOptions()).report
        #expect(report.method == "entropy" && report.folds == 8, "\(report.rangeChoice ?? "")")
        #expect(QuantizationFixture.sqnr(reference, auto.outputs) > QuantizationFixture.sqnr(reference, minMax.outputs) + 3)

        let digits = try #require(QuantizationFixture.named("digits_cnn"))
        let (digitsGraph, digitsSamples) = try digits.graphAndSamples("calibration.npy")
        let kept = try QuantizingCompiler.compile(digitsGraph, calibration: digitsSamples, options: QuantizationOptions()).report
        #expect(kept.method == "minmax", "\(kept.rangeChoice ?? "")")
        let base = try #require(kept.candidates.first { $0.method == "minmax" }?.heldOutSQNR)
        let percentile = try #require(kept.candidates.first { $0.method == "percentile=99.99" })
        #expect(try #require(percentile.heldOutSQNR) >= base + 1)
        let better = try #require(percentile.betterSamples), worse = try #require(percentile.worseSamples)
        #expect(better < RangeMethodChoice.samplesNeeded(better + worse), "\(better) better, \(worse) worse")
        #expect(kept.text(file: "digits_cnn.keras").contains("range method: minmax: no clipping method"))
    }

    @Test func floatModelsNeedCalibrationData() throws {
        let result = try KingletProcess.run(["compile", QuantizationFixture.path("digits_cnn.keras"), "-o", "/tmp/unused.kgl"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("--calibration") && result.stderr.contains("numpy.save"), "\(result.stderr)")
    }
}
