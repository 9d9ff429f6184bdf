import KingletImport
import KingletIR
import Testing

/// Every Keras fixture file, in all three flavours, imports to a graph whose inputs and
/// outputs have the shapes Keras reported (batch as 1).
@Suite struct KerasImporterFixtureTests {
    @Test func manifestListsTheFixtures() {
        #expect(KerasFixtures.all.count >= 70)
        #expect(KerasFixtures.files.count >= 200)
    }

    @Test(arguments: KerasFixtures.files)
    func importsWithKerasShapes(file: String) throws {
        let fixture = try #require(KerasFixtures.fixture(for: file))
        let graph = try KerasImporter.importModel(try KerasFixtures.bytes(file))
        let inputs = graph.inputs.map { graph.tensors[$0].shape }
        let outputs = graph.outputs.map { graph.tensors[$0].shape }
        #expect(inputs == fixture.inputShapes.map { [1] + $0.dropFirst().map { $0 ?? -1 } })
        #expect(outputs == fixture.outputShapes.map { [1] + $0.dropFirst().map { $0 ?? -1 } })
        #expect(graph.tensors.allSatisfy { $0.type == .float32 || $0.isConstant })
    }
}
