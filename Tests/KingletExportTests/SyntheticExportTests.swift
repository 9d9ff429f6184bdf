import KingletExport
import KingletImport
import KingletIO
import KingletIR
import Testing

/// Graphs no fixture produces round-trip through `.keras` too.
@Suite struct SyntheticExportTests {
    @Test(arguments: SyntheticGraphs.all.map(\.0))
    func roundTrips(_ label: String) throws {
        let graph = try #require(SyntheticGraphs.all.first { $0.0 == label }?.1)
        try graph.verify()
        let reimported = try KerasImporter.importModel(try KerasExporter.export(graph, name: label))
        try OutputComparison.expectSameOutputs(graph, reimported, samples: SyntheticGraphs.samples(graph), label: label)
    }

    /// The Keras importer takes no grouped convolution, so the config is checked directly
    /// (check_exported_models.py runs it in Keras).
    @Test func writesGroupedConvolutions() throws {
        let archive = try ZipArchive(bytes: try KerasExporter.export(SyntheticGraphs.groupedConvolution))
        let config = try JSONValue(parsing: archive.data(for: try #require(archive.entry(named: "config.json"))))
        let layers = try #require(config["config"]?["layers"]?.array)
        let conv = try #require(layers.first { $0["class_name"]?.string == "Conv2D" })
        #expect(conv["config"]?["groups"]?.integerLiteral == 2)
        #expect(conv["config"]?["filters"]?.integerLiteral == 6)
        let weights = try HDF5File(bytes: archive.data(for: try #require(archive.entry(named: "model.weights.h5"))))
        guard case .group(let layersGroup)? = try weights.root.children()["layers"],
              case .group(let convGroup)? = try layersGroup.children()["conv2d"],
              case .group(let vars)? = try convGroup.children()["vars"],
              case .dataset(let kernel)? = try vars.children()["0"] else {
            Issue.record("no layers/conv2d/vars/0 in model.weights.h5")
            return
        }
        #expect(kernel.shape == [3, 3, 2, 6])
    }

    @Test func sanitizesLayerNames() throws {
        let bytes = try KerasExporter.export(SyntheticGraphs.normalizedMLP)
        let reimported = try KerasImporter.importModel(bytes)
        let names = Set(reimported.operators.map(\.name))
        #expect(names.contains("fc1_low_rank"))
        #expect(names.contains("features_normalization"))
        #expect(!names.contains { $0.contains("/") })
    }
}
