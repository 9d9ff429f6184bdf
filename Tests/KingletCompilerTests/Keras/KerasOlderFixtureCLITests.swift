import Foundation
import Testing

/// `kinglet run` on the older files, as a user meets them.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: KingletProcess.executable.path),
                "needs `swift build` first (the kinglet executable)"))
struct KerasOlderFixtureCLITests {
    @Test(arguments: KerasOlderFixtureTests.all)
    func runMatchesKeras(fixture: KerasOlderFixtureTests.Fixture) throws {
        let directory = try KingletProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("y.npy").path
        let result = try KingletProcess.run(["run", KerasOlderFixtureTests.path(fixture.file),
                                             "--input", KerasOlderFixtureTests.path(fixture.input), "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        let ours = try KerasFixture.read(output)
        let keras = try KerasFixture.read(KerasOlderFixtureTests.path(fixture.output))
        #expect(ours.shape == keras.shape)
        #expect(try KerasFloatFixtureTests.relativeError([ours], [keras]) <= KerasFloatFixtureTests.tolerance)
    }

    /// The wake-word model classifies its three calibration spectrograms as MLPerf labels them.
    @Test func wakeWordClassesAreRight() throws {
        let directory = try KingletProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("y.npy").path
        let result = try KingletProcess.run(["run", KerasOlderFixtureTests.path("str_ww_ref_model.h5"),
                                             "--input", KerasOlderFixtureTests.path("str_ww_ref_model.input.npy"), "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        let scores = try KerasFixture.read(output).floatValues()
        let classes = (0..<3).map { row in (0..<3).max { scores[row * 3 + $0] < scores[row * 3 + $1] }! }
        #expect(classes == [2, 0, 1])
    }

    /// A flag Keras would read with Python truthiness but Kinglet refuses (a string): the
    /// message names the file, the layer, the option and what was expected. The file is the
    /// tf.keras 2.4.0 fixture with `"scale": 1.0` overwritten in place by `"scale": "1"`.
    @Test func aRefusedValueNamesFileLayerAndOption() throws {
        let directory = try KingletProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: KerasOlderFixtureTests.path("config_forms.keras-2.4.0.h5"))))
        let old = Array(#""scale": 1.0"#.utf8), new = Array(#""scale": "1""#.utf8)
        let start = try #require((0...(bytes.count - old.count)).first { bytes[$0..<($0 + old.count)].elementsEqual(old) })
        bytes.replaceSubrange(start..<(start + old.count), with: new)
        let model = directory.appendingPathComponent("edited.h5").path
        try Data(bytes).write(to: URL(fileURLWithPath: model))
        let result = try KingletProcess.run(["run", model, "--input", KerasOlderFixtureTests.path("config_forms.input.npy"),
                                             "-o", directory.appendingPathComponent("y.npy").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains(#"edited.h5: Keras: layer 'bn_numeric_true' (BatchNormalization): option 'scale': expected true, false or a number, found "1""#),
                "\(result.stderr)")
    }
}
