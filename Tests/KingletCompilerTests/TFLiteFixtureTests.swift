import Testing
import KingletCompiler
import KingletFormat
import KingletIO

/// Every real fixture, compiled and run by both engines, must give exactly TFLite Micro's
/// output bytes, and the planned arena must not exceed what TFLite Micro used.
@Suite struct TFLiteFixtureTests {
    @Test func manifestListsFixtures() {
        #expect(Fixture.all.count >= 30, "Tests/Fixtures/tflite/manifest.json lists \(Fixture.all.count) fixtures")
    }

    @Test(arguments: Fixture.all)
    func bothEnginesGiveTFLiteMicroBytes(fixture: Fixture) throws {
        let kgl = try Compiler.compile(Compiler.importGraph(fixture.modelPath), file: fixture.modelPath)
        let inputs = try fixture.inputArrays()
        let expected = try fixture.outputArrays()
        for engine in EngineKind.allCases {
            let outputs = try Runner.run(kgl, inputs: inputs, engine: engine)
            try #require(outputs.count == expected.count)
            for (index, (got, want)) in zip(outputs, expected).enumerated() {
                #expect(got.shape == want.shape, "\(engine) output \(index) shape")
                #expect(got.dtype == want.dtype, "\(engine) output \(index) type")
                let differing = zip(got.data, want.data).enumerated().filter { $0.element.0 != $0.element.1 }
                #expect(differing.isEmpty && got.data.count == want.data.count,
                        "\(engine) output \(index): \(differing.count) of \(want.data.count) bytes differ from TFLite Micro; first at byte \(differing.first?.offset ?? -1): got \(differing.first.map { Int8(bitPattern: $0.element.0) } ?? 0), TFLM \(differing.first.map { Int8(bitPattern: $0.element.1) } ?? 0)")
            }
        }
    }

    @Test(arguments: Fixture.all)
    func verifyPassesAndArenaFitsTFLiteMicros(fixture: Fixture) throws {
        let kgl = try Compiler.compile(Compiler.importGraph(fixture.modelPath), file: fixture.modelPath)
        let result = try Verifier.verify(kgl, inputs: fixture.inputArrays())
        #expect(result.mismatch == nil, "\(result.mismatch.map(String.init(describing:)) ?? "")")
        let report = ModelReport(try KglModel(bytes: kgl))
        let tflm = min(fixture.tflmArenaBytes, fixture.tflmArenaUsedBytes)
        #expect(tflm > 0 && report.arenaBytes <= tflm,
                "arena \(report.arenaBytes) bytes > TFLite Micro's \(tflm)")
    }
}
