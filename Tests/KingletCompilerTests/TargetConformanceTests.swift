import Foundation
import KingletCompiler
import KingletFormat
import KingletIO
import Testing

/// The conformance corpus on every target under emulation: each target's test firmware
/// (built once per target) runs every TFLite Micro fixture model on its inputs and must give
/// TFLite Micro's bytes, which the Swift interpreter also gives; Keras models quantized by
/// kinglet must give the Swift interpreter's bytes. Cortex-M0+ runs on a 16 KB board: models
/// beyond its RAM harness get a firmware with the model in flash; only those whose arena does
/// not fit its RAM are left out. Needs the cross toolchains and QEMU (.ci/run installs them).
@Suite(.enabled(if: TargetTools.present, "needs gcc-arm-none-eabi, qemu-system-arm, qemu-user and gcc-aarch64-linux-gnu"))
struct TargetConformanceTests {
    /// Pruned variants: every CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED at 75 % zeros
    /// (stored sparse, so the zero-skipping kernels run), one of them with 16x8 layers, and a
    /// channel-pruned DS-CNN.
    static let pruned: [(name: String, fixture: String, options: QuantizationOptions)] = {
        func options(_ compression: (inout CompressionOptions) -> Void, int16: [String] = []) -> QuantizationOptions {
            var options = QuantizationOptions(method: .minMax)
            compression(&options.compression)
            if !int16.isEmpty { options.int16 = .layers(int16) }
            return options
        }
        return [
            ("digits_mlp 75% sparse", "digits_mlp", options { $0.sparsity = 0.75 }),
            ("digits_mlp 75% sparse 16x8", "digits_mlp", options({ $0.sparsity = 0.75 }, int16: ["fc1", "fc2"])),
            ("digits_cnn 75% sparse", "digits_cnn", options { $0.sparsity = 0.75 }),
            ("digits_dscnn 75% sparse", "digits_dscnn", options { $0.sparsity = 0.75 }),
            ("digits_dscnn 30% channels", "digits_dscnn", options { $0.channels = 0.3 }),
        ]
    }()

    /// The Keras fixtures quantized by kinglet (min/max, no search: faster in debug builds),
    /// then the pruned variants.
    static let quantized: [(name: String, kgl: [UInt8], inputs: [NpyArray])] = {
        let plain = QuantizationFixture.all.map { ($0.name, $0.name, QuantizationOptions(method: .minMax)) }
        return (plain + pruned).compactMap { name, fixtureName, options in
            guard let fixture = QuantizationFixture.named(fixtureName),
                  let (graph, samples) = try? fixture.graphAndSamples("calibration.npy"),
                  let (kgl, _) = try? QuantizingCompiler.compile(graph, calibration: samples, options: options),
                  let eval = try? fixture.array("eval_x.npy") else { return nil }
            // The first 16 evaluation samples.
            let count = min(16, eval.shape[0])
            let bytes = eval.data.count / eval.shape[0] * count
            guard let few = try? NpyArray(shape: [count] + eval.shape.dropFirst(), dtype: eval.dtype,
                                          data: Array(eval.data.prefix(bytes))) else { return nil }
            return (name, kgl, [few])
        }
    }()

    @Test(arguments: Target.all)
    func everyFixtureGivesTheSameBytes(target: Target) throws {
        #expect(Self.quantized.count == QuantizationFixture.all.count + Self.pruned.count, "a Keras fixture failed to quantize")
        #expect(Self.quantized.filter { $0.name.contains("sparse") }.allSatisfy {
            (try? KglModel(bytes: $0.kgl))?.tensors.contains { $0.sparse != nil } == true
        })
        var ran = 0
        var tooBig: [String] = []
        // A model that does not fit the board at all (only the 16 KB Cortex-M0+ board has such
        // limits) is refused with the region that overflowed; anything else is a failure.
        func attempt(_ name: String, _ body: () throws -> Void) {
            do {
                try body()
                ran += 1
            } catch let error as CompilerError where target.name == "cortex-m0plus" && error.message.contains("does not fit the board") {
                tooBig.append(name)
            } catch {
                Issue.record("\(name) on \(target.name): \(error)")
            }
        }
        for fixture in Fixture.all {
            attempt(fixture.name) {
                let kgl = try Compiler.kglBytes(fixture.modelPath)
                let outputs = try Runner.run(kgl, inputs: try fixture.inputArrays(), engine: .c, target: target)
                #expect(outputs.map(\.data) == (try fixture.outputArrays()).map(\.data), "\(fixture.name) on \(target.name)")
            }
        }
        for (name, kgl, inputs) in Self.quantized {
            attempt(name) {
                let verdict = try Verifier.verify(kgl, inputs: inputs, target: target)
                #expect(verdict.mismatch == nil, "\(name) on \(target.name): \(String(describing: verdict.mismatch))")
            }
        }
        // Every model runs on the big boards; on the 16 KB one, the models whose arena fits its
        // RAM (the model itself goes to flash when it does not fit the RAM harness).
        let total = Fixture.all.count + Self.quantized.count
        #expect(target.name == "cortex-m0plus" ? ran >= 84 + Self.pruned.count : ran == total,
                "\(ran) of \(total) models ran on \(target.name); too big: \(tooBig)")
    }

    /// `kinglet size`: a real link with only the model's kernels. The model and arena figures
    /// are the model's own; a model with one kernel kind needs less runtime than one with five.
    @Test func sizeLinksOnlyTheKernelsAModelUses() throws {
        let target = try Target.named("cortex-m4")
        let dsCNN = try Compiler.kglBytes(Fixture.path("ds_cnn.tflite"))
        let conv = try Compiler.kglBytes(Fixture.path("conv2d_3x3_same_s1.tflite"))
        let big = try SizeReport.measure(dsCNN, on: target)
        let small = try SizeReport.measure(conv, on: target)
        #expect(big.modelBytes == dsCNN.count && small.modelBytes == conv.count)
        #expect(big.arenaBytes == (try KglModel(bytes: dsCNN)).header.arenaBytes)
        #expect(big.operators == ["CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "SOFTMAX", "MEAN"])
        #expect(small.operators == ["CONV_2D"])
        #expect(small.runtimeText > 0 && small.runtimeText < big.runtimeText, "\(small.runtimeText) vs \(big.runtimeText)")
        #expect(big.stackBytes > 0 && big.stateBytes > 0)
        #expect(big.flashBytes == big.runtimeText + big.runtimeRodata + big.runtimeData + big.modelBytes)
        let cli = try KingletProcess.run(["size", Fixture.path("ds_cnn.tflite"), "--target", "cortex-m4", "--json"])
        #expect(cli.status == 0 && cli.stdout.contains("\"flash_bytes\" : \(big.flashBytes)"), "\(cli.stdout)\(cli.stderr)")
    }

    /// `kinglet bench`: every operator counted on a core (the sum is the total, MACs as
    /// inspect reports them), each core with its kernel variant; on the host, timed runs.
    @Test func benchCountsEveryOperatorOnACoreAndTimesTheHost() throws {
        let kgl = try Compiler.kglBytes(Fixture.path("ds_cnn.tflite"))
        let model = try KglModel(bytes: kgl)
        let m4 = try BenchReport.measure(kgl, on: try Target.named("cortex-m4"))
        #expect(m4.variant == "arm-dsp")
        #expect(m4.operators.map(\.index) == Array(model.operators.indices))
        #expect(m4.operators.allSatisfy { $0.instructions > 0 })
        #expect(m4.instructions == m4.operators.reduce(0) { $0 + $1.instructions })
        #expect(m4.macs == model.operators.reduce(0) { $0 + ModelReport.macs($1, model) } && m4.macs > 0)
        #expect(m4.msPerInference == nil)
        let m0 = try BenchReport.measure(kgl, on: try Target.named("cortex-m0plus"))
        #expect(m0.variant == "portable" && m0.operators.count == model.operators.count)
        let host = try BenchReport.measure(kgl, on: try Target.named("x86_64"), warmup: 1, runs: 5)
        #expect(host.runsMs.count == 5 && host.runsMs.allSatisfy { $0 > 0 })
        #expect(host.instructions == nil && (host.cflags ?? "").contains("-O2"))
        let cli = try KingletProcess.run(["bench", Fixture.path("ds_cnn.tflite"), "--target", "cortex-m4", "--json"])
        #expect(cli.status == 0 && cli.stdout.contains("\"instructions\" : \(m4.instructions ?? -1)"), "\(cli.stdout)\(cli.stderr)")
        let refused = try KingletProcess.run(["bench", Fixture.path("ds_cnn.tflite"), "--runs", "0"])
        #expect(refused.status == 2 && refused.stderr.contains("--runs"))
    }

    @Test func missingToolchainsAndUnknownTargetsAreNamed() throws {
        let unknown = try KingletProcess.run(["run", Fixture.path("ds_cnn.tflite"), "--input", Fixture.path("ds_cnn.input0.npy"),
                                              "-o", "/tmp/kinglet-unused.npy", "--target", "cortex-m99"])
        #expect(unknown.status == 2 && unknown.stderr.contains("cortex-m4"), "\(unknown.stderr)")
        // With an empty PATH the cross compiler cannot be found: the message names the package.
        let process = Process()
        process.executableURL = KingletProcess.executable
        process.arguments = ["run", Fixture.path("ds_cnn.tflite"), "--input", Fixture.path("ds_cnn.input0.npy"),
                             "-o", "/tmp/kinglet-unused.npy", "--target", "cortex-m4"]
        process.environment = ["PATH": "/nonexistent"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1 && message.contains("gcc-arm-none-eabi") && message.contains("qemu-system-arm"), "\(message)")
    }
}

/// Whether every target's toolchain and emulator are on PATH.
enum TargetTools {
    static let present = Target.all.allSatisfy { target in
        target.tools.allSatisfy { tool in
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
                FileManager.default.isExecutableFile(atPath: "\($0)/\(tool.executable)")
            }
        }
    }
}
