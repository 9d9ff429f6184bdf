import Foundation
import KingletCompiler
import KingletIO
import Testing

/// Files written by older Keras versions (Tests/Fixtures/keras/older, made by
/// make_older_fixtures.py): the MLPerf Tiny streaming wake-word model (Keras 2.14, BatchNorm
/// `"scale": 1`) and a CNN built with old-style arguments and saved by tf.keras 2.4.0
/// (TensorFlow 2.3), Keras 2.15 and Keras 3. Each runs in the float interpreter, and through
/// `kinglet run`, to the outputs its Keras recorded.
@Suite struct KerasOlderFixtureTests {
    struct Fixture: Sendable, CustomStringConvertible {
        let name: String
        let file: String
        let input: String
        let output: String
        var description: String { file }
    }

    static let directory = KerasFixture.directory.appendingPathComponent("older")

    static func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

    static let all: [Fixture] = {
        guard let data = FileManager.default.contents(atPath: path("manifest.json")),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let fixtures = root["fixtures"] as? [String: [String: Any]] else { return [] }
        return fixtures.keys.sorted().compactMap { name in
            let entry = fixtures[name]!
            guard let file = entry["file"] as? String, let input = entry["input"] as? String,
                  let output = entry["output"] as? String else { return nil }
            return Fixture(name: name, file: file, input: input, output: output)
        }
    }()

    @Test func everyWriterIsPresent() {
        let names = Set(Self.all.map(\.name))
        #expect(names == ["str_ww_ref_model", "config_forms.keras-2.4.0", "config_forms.keras-2.15.0", "config_forms.keras-3.15.1"])
    }

    @Test(arguments: all)
    func importedAndCanonicalGraphsMatchKeras(fixture: Fixture) throws {
        let inputs = [try KerasFixture.read(Self.path(fixture.input))]
        let expected = [try KerasFixture.read(Self.path(fixture.output))]
        for graph in [try Compiler.importGraph(Self.path(fixture.file)), try Compiler.importFloatGraph(Self.path(fixture.file))] {
            let outputs = try FloatRunner.run(graph, inputs: inputs)
            let error = try KerasFloatFixtureTests.relativeError(outputs, expected)
            #expect(error <= KerasFloatFixtureTests.tolerance, "\(fixture.file): relative error \(error)")
        }
    }
}
