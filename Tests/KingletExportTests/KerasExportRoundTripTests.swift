import KingletExport
import KingletImport
import KingletIR
import Testing

/// Every fixture model, in every form, exported to `.keras` and read back by the Keras
/// importer computes what it computed before (Kinglet's float interpreter, 1e-5).
@Suite struct KerasExportRoundTripTests {
    static let models = ExportFixtures.all

    @Test func findsTheFixtures() {
        #expect(Self.models.count >= 80)
    }

    @Test(arguments: models, GraphForm.allCases)
    func roundTrips(_ model: ExportFixtures.Model, _ form: GraphForm) throws {
        let imported = try KerasImporter.importModel(ExportFixtures.bytes(model.path))
        guard let graph = try form.apply(to: imported) else { return }
        let bytes = try KerasExporter.export(graph, name: model.label)
        let reimported = try KerasImporter.importModel(bytes)
        try OutputComparison.expectSameOutputs(graph, reimported, samples: try ExportFixtures.samples(model),
                                               label: "\(model.label) (\(form))")
    }

    @Test func isDeterministic() throws {
        for label in ["keras.resnet8", "keras.nested_functional", "quantization.digits_mobilenet"] {
            let model = try #require(Self.models.first { $0.label == label })
            let graph = try KerasImporter.importModel(ExportFixtures.bytes(model.path))
            #expect(try KerasExporter.export(graph) == (try KerasExporter.export(graph)), "\(label)")
        }
    }
}
