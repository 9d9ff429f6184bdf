import Foundation
import KingletIO
import Testing

/// `kinglet run` and `kinglet inspect` on Keras files, as a user meets them.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: KingletProcess.executable.path),
                "needs `swift build` first (the kinglet executable)"))
struct KerasCLITests {
    @Test(arguments: ["resnet8.keras", "resnet8.h5", "resnet8.tfkeras.h5"])
    func runWritesKerasOutputs(file: String) throws {
        let directory = try KingletProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("y.npy").path
        let result = try KingletProcess.run(["run", KerasFixture.path(file), "--input", KerasFixture.path("resnet8.input.npy"),
                                             "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        let ours = try KerasFixture.read(output)
        let keras = try KerasFixture.read(KerasFixture.path("resnet8.output.npy"))
        #expect(ours.dtype == .float32 && ours.shape == keras.shape)
        #expect(try KerasFloatFixtureTests.relativeError([ours], [keras]) <= KerasFloatFixtureTests.tolerance)
    }

    @Test func runWritesOneFilePerOutputAndInput() throws {
        let directory = try KingletProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("y.npy").path
        let inputs = (0..<3).flatMap { ["--input", KerasFixture.path("add_three.input\($0).npy")] }
        let result = try KingletProcess.run(["run", KerasFixture.path("add_three.keras")] + inputs + ["-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        let activations = try KingletProcess.run(["run", KerasFixture.path("dense_activations.keras"), "--input",
                                                  KerasFixture.path("dense_activations.input.npy"), "-o", output])
        #expect(activations.status == 0, "\(activations.stderr)")
        for index in 1..<10 {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("y.\(index).npy").path))
        }
    }

    @Test func inspectShowsTheGraphBeforeAndAfterCanonicalization() throws {
        let result = try KingletProcess.run(["inspect", KerasFixture.path("ds_cnn_kws.keras")])
        #expect(result.status == 0, "\(result.stderr)")
        let parts = result.stdout.components(separatedBy: "canonical (float32)")
        #expect(parts.count == 2)
        #expect(parts[0].contains("BATCH_NORMALIZATION") && parts[0].contains("IDENTITY"))
        #expect(!parts[1].contains("BATCH_NORMALIZATION") && !parts[1].contains("IDENTITY"))
        #expect(parts[1].contains("+relu"), "fused activations are shown")

        let json = try KingletProcess.run(["inspect", "--json", KerasFixture.path("ds_cnn_kws.h5")])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let imported = object?["imported"] as? [String: Any], canonical = object?["canonical"] as? [String: Any]
        #expect(object?["format"] as? String == "keras")
        #expect((imported?["ops"] as? [Any])?.count ?? 0 > (canonical?["ops"] as? [Any])?.count ?? 0)
        #expect(imported?["parameters"] as? Int == canonical?["parameters"] as? Int
                || (imported?["parameters"] as? Int ?? 0) > (canonical?["parameters"] as? Int ?? 0))
    }

    @Test func compilingAFloatModelSaysWhatIsMissing() throws {
        let directory = try KingletProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("m.kgl").path
        let result = try KingletProcess.run(["compile", KerasFixture.path("resnet8.keras"), "-o", output])
        #expect(result.status == 1)
        #expect(result.stderr.contains("resnet8.keras") && result.stderr.contains("float model"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func int8OptionsAreRefusedForFloatModels() throws {
        let result = try KingletProcess.run(["run", KerasFixture.path("resnet8.keras"), "--input",
                                             KerasFixture.path("resnet8.input.npy"), "-o", "/tmp/unused.npy", "--engine", "c"])
        #expect(result.status == 2 && result.stderr.contains("--engine"), "\(result.stderr)")
    }

    @Test func wrongInputShapeNamesTheInput() throws {
        let result = try KingletProcess.run(["run", KerasFixture.path("resnet8.keras"), "--input",
                                             KerasFixture.path("ds_cnn_kws.input.npy"), "-o", "/tmp/unused.npy"])
        #expect(result.status == 1 && result.stderr.contains("resnet8.keras") && result.stderr.contains("input 0"), "\(result.stderr)")
    }

    @Test func damagedFilesGiveOneLineErrors() throws {
        let directory = try KingletProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for file in ["resnet8.keras", "resnet8.h5"] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: KerasFixture.path(file)))
            let truncated = directory.appendingPathComponent("truncated-\(file)")
            try bytes.prefix(bytes.count / 2).write(to: truncated)
            let result = try KingletProcess.run(["inspect", truncated.path])
            #expect(result.status == 1, "\(file)")
            #expect(result.stderr.hasPrefix("kinglet inspect: \(truncated.path): Keras: "), "\(result.stderr)")
        }
    }
}
