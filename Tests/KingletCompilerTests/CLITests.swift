import Foundation
import Testing
import KingletIO

/// The `kinglet` command line as a user meets it: exit statuses, messages, files.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: KingletProcess.executable.path),
                "needs `swift build` first (the kinglet executable)"))
struct CLITests {
    let fixtures = Fixture.directory
    var invalid: URL { fixtures.deletingLastPathComponent().appendingPathComponent("tflite-invalid") }

    @Test func helpListsEveryCommand() throws {
        let result = try KingletProcess.run(["--help"])
        #expect(result.status == 0)
        for command in ["compile", "run", "verify", "inspect", "emit-c", "size", "bench"] {
            #expect(result.stdout.contains(command))
        }
        let compileHelp = try KingletProcess.run(["compile", "--help"])
        #expect(compileHelp.status == 0 && compileHelp.stdout.contains("--strip-names"))
    }

    @Test func usageErrorsExitWithTwoAndShowUsage() throws {
        for arguments in [["compile"], ["compile", "a.tflite"], ["run", "m.kgl", "-o", "y.npy"],
                          ["run", "m.kgl", "--input", "x.npy", "-o", "y.npy", "--engine", "gpu"],
                          ["frobnicate"], ["inspect", "--bogus", "m.kgl"]] {
            let result = try KingletProcess.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains("Usage") || result.stderr.contains("Commands"), "\(arguments)")
        }
    }

    @Test func compileRunVerifyInspectOnARealModel() throws {
        let directory = try KingletProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let kgl = directory.appendingPathComponent("ds_cnn.kgl").path
        let model = fixtures.appendingPathComponent("ds_cnn.tflite").path
        let input = fixtures.appendingPathComponent("ds_cnn.input0.npy").path
        let expected = try Data(contentsOf: fixtures.appendingPathComponent("ds_cnn.output0.npy"))

        let compile = try KingletProcess.run(["compile", model, "-o", kgl])
        #expect(compile.status == 0, "\(compile.stderr)")

        for engine in ["c", "swift"] {
            let output = directory.appendingPathComponent("\(engine).npy").path
            let run = try KingletProcess.run(["run", kgl, "--input", input, "-o", output, "--engine", engine])
            #expect(run.status == 0, "\(run.stderr)")
            // Our .npy writer produces np.save's bytes, so whole files compare.
            #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == expected, "\(engine)")
        }

        let dequantized = directory.appendingPathComponent("float.npy").path
        #expect(try KingletProcess.run(["run", kgl, "--input", input, "-o", dequantized, "--dequantize"]).status == 0)
        let floats = try NpyArray(decoding: [UInt8](Data(contentsOf: URL(fileURLWithPath: dequantized))))
        #expect(floats.dtype == .float32 && floats.shape == [3, 12])
        let probabilities = try floats.float32Values()
        #expect(abs(probabilities[0..<12].reduce(0, +) - 1) < 0.05, "softmax outputs sum to about 1")

        let verify = try KingletProcess.run(["verify", kgl, "--input", input])
        #expect(verify.status == 0 && verify.stdout.contains("OK"), "\(verify.stdout)\(verify.stderr)")

        let inspect = try KingletProcess.run(["inspect", kgl, "--json"])
        #expect(inspect.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any])
        for key in ["file_bytes", "weight_bytes", "arena_bytes", "macs", "inputs", "outputs", "ops"] {
            #expect(json[key] != nil, "inspect --json lacks \(key)")
        }
        #expect(json["file_bytes"] as? Int == (try FileManager.default.attributesOfItem(atPath: kgl)[.size] as? Int))
        #expect((json["ops"] as? [Any])?.count == 12)
        #expect(json["macs"] as? Int == 816_384)

        // inspect also takes the .tflite directly, compiling it in memory.
        let inspectTFLite = try KingletProcess.run(["inspect", model, "--json"])
        #expect(inspectTFLite.stdout == inspect.stdout)
    }

    @Test func stripNamesMakesASmallerFileWithTheSameOutputs() throws {
        let directory = try KingletProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = fixtures.appendingPathComponent("small_cnn.tflite").path
        let named = directory.appendingPathComponent("named.kgl").path
        let stripped = directory.appendingPathComponent("stripped.kgl").path
        #expect(try KingletProcess.run(["compile", model, "-o", named]).status == 0)
        #expect(try KingletProcess.run(["compile", model, "-o", stripped, "--strip-names"]).status == 0)
        let namedBytes = try Data(contentsOf: URL(fileURLWithPath: named))
        let strippedBytes = try Data(contentsOf: URL(fileURLWithPath: stripped))
        #expect(strippedBytes.count < namedBytes.count)
        let input = fixtures.appendingPathComponent("small_cnn.input0.npy").path
        let verify = try KingletProcess.run(["verify", stripped, "--input", input])
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    @Test func floatInputsAreQuantizedWithTheInputParameters() throws {
        let directory = try KingletProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The same inputs as int8 and as their dequantized floats must give the same outputs.
        let fixture = try #require(Fixture.all.first { $0.name == "mlp" })
        let kgl = directory.appendingPathComponent("mlp.kgl").path
        #expect(try KingletProcess.run(["compile", fixture.modelPath, "-o", kgl]).status == 0)
        let inspect = try KingletProcess.run(["inspect", kgl, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any])
        let input = try #require((json["inputs"] as? [[String: Any]])?.first)
        let scale = Float(try #require(input["scale"] as? Double))
        let zeroPoint = try #require(input["zero_point"] as? Int)
        let int8 = try fixture.inputArrays()[0]
        let floats = try int8.int8Values().map { Float(Int($0) - zeroPoint) * scale }
        let floatPath = directory.appendingPathComponent("x.npy").path
        try Data(NpyArray(shape: int8.shape, values: floats).encoded()).write(to: URL(fileURLWithPath: floatPath))
        let output = directory.appendingPathComponent("y.npy").path
        let run = try KingletProcess.run(["run", kgl, "--input", floatPath, "-o", output])
        #expect(run.status == 0, "\(run.stderr)")
        let expected = try Data(contentsOf: URL(fileURLWithPath: Fixture.path(fixture.outputs[0])))
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == expected)
    }

    @Test func badModelsAreRefusedWithTheFileNamedAndNoOutputLeft() throws {
        let directory = try KingletProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let truncated = directory.appendingPathComponent("truncated.tflite")
        try Data(contentsOf: fixtures.appendingPathComponent("mlp.tflite")).prefix(700).write(to: truncated)
        let cases: [(String, String)] = [
            (invalid.appendingPathComponent("float_mlp.tflite").path, "not an int8 model"),
            (invalid.appendingPathComponent("int8_maximum.tflite").path, "no kernel for MAXIMUM"),
            (truncated.path, "truncated.tflite"),
            (directory.appendingPathComponent("missing.tflite").path, "no such file"),
        ]
        for (model, message) in cases {
            let out = directory.appendingPathComponent("out.kgl")
            let result = try KingletProcess.run(["compile", model, "-o", out.path])
            #expect(result.status == 1, "\(model)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(result.stderr.contains((model as NSString).lastPathComponent))
            #expect(!FileManager.default.fileExists(atPath: out.path), "no output after a failure")
        }
        // A damaged .kgl is refused by run, verify and inspect.
        let kgl = directory.appendingPathComponent("m.kgl")
        #expect(try KingletProcess.run(["compile", fixtures.appendingPathComponent("mlp.tflite").path, "-o", kgl.path]).status == 0)
        var bytes = try [UInt8](Data(contentsOf: kgl))
        bytes[bytes.count / 2] ^= 0x40
        try Data(bytes).write(to: kgl)
        let input = fixtures.appendingPathComponent("mlp.input0.npy").path
        for arguments in [["inspect", kgl.path], ["verify", kgl.path, "--input", input],
                          ["run", kgl.path, "--input", input, "-o", directory.appendingPathComponent("y.npy").path]] {
            let result = try KingletProcess.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("CRC32"), "\(result.stderr)")
        }
    }

    /// A 16x8 model (int16 input and output) through the command line: its int16 .npy input
    /// as is, the raw output equal to TFLite Micro's, both engines equal.
    @Test func sixteenBitModelsRunAndVerify() throws {
        let directory = try KingletProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = fixtures.appendingPathComponent("residual_cnn_16x8.tflite").path
        let input = fixtures.appendingPathComponent("residual_cnn_16x8.input0.npy").path
        let output = directory.appendingPathComponent("y.npy").path
        let run = try KingletProcess.run(["run", model, "--input", input, "-o", output])
        #expect(run.status == 0, "\(run.stderr)")
        let ours = try NpyArray(decoding: [UInt8](Data(contentsOf: URL(fileURLWithPath: output))))
        let tflm = try NpyArray(decoding: [UInt8](Data(contentsOf: fixtures.appendingPathComponent("residual_cnn_16x8.output0.npy"))))
        #expect(ours.dtype == .int16 && ours.data == tflm.data)
        let verify = try KingletProcess.run(["verify", model, "--input", input])
        #expect(verify.status == 0 && verify.stdout.contains("OK"), "\(verify.stdout)\(verify.stderr)")
        let dequantized = try KingletProcess.run(["run", model, "--input", input, "-o", output, "--dequantize"])
        let floats = try NpyArray(decoding: [UInt8](Data(contentsOf: URL(fileURLWithPath: output))))
        #expect(dequantized.status == 0 && floats.dtype == .float32)
    }

    @Test func inputsOfTheWrongShapeOrTypeAreExplained() throws {
        let directory = try KingletProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = fixtures.appendingPathComponent("mlp.tflite").path
        let wrongShape = directory.appendingPathComponent("shape.npy")
        try Data(NpyArray(shape: [2, 5], values: [Int8](repeating: 0, count: 10)).encoded()).write(to: wrongShape)
        let wrongType = directory.appendingPathComponent("type.npy")
        try Data(NpyArray(shape: [1, 64], values: [Int32](repeating: 0, count: 64)).encoded()).write(to: wrongType)
        let notNpy = directory.appendingPathComponent("text.npy")
        try Data("hello".utf8).write(to: notNpy)
        for (input, message) in [(wrongShape, "does not fit"), (wrongType, "int32"), (notNpy, "text.npy")] {
            let result = try KingletProcess.run(["run", model, "--input", input.path, "-o", directory.appendingPathComponent("y.npy").path])
            #expect(result.status == 1)
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }
}
