import Foundation
import KingletExport
import KingletFloatInterpreter
import KingletImport
import KingletIO
import KingletIR
import Testing

/// `KINGLET_EXPORT_DIR`, if set and not empty.
private let exportDirectory: URL? = ProcessInfo.processInfo.environment["KINGLET_EXPORT_DIR"]
    .flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }

/// Writes exported models for `Tests/Fixtures/keras-export/check_exported_models.py`, which
/// loads them with Keras and compares its predictions with Kinglet's (not in CI: it needs
/// TensorFlow). Runs only when `KINGLET_EXPORT_DIR` names the directory to write into:
///
///     KINGLET_EXPORT_DIR=/tmp/kexport2 swift test --filter KingletExportTests
///
/// Under `exported/`, for every fixture model in every `GraphForm` and every synthetic
/// graph, `STEM.keras`, `STEM.input<i>.npy` (the samples, stacked on axis 0) and
/// `STEM.output<k>.npy` (Kinglet's float interpreter on that graph), listed in
/// `exported/manifest.json`.
@Suite("Keras export files for check_exported_models.py", .enabled(if: exportDirectory != nil))
struct KerasExportFileTests {
    static func write(_ bytes: [UInt8], to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Writes one exported graph with its samples and expected outputs; returns its manifest entry.
    static func export(_ graph: Graph, stem: String, samples: [[[Float]]], into folder: URL) throws -> JSONValue {
        try write(try KerasExporter.export(graph, name: stem), to: folder.appendingPathComponent("\(stem).keras"))
        let interpreter = try FloatInterpreter(graph: graph)
        let outputs = try samples.map { try interpreter.run($0) }
        func stacked(_ tensor: Int, _ values: [[Float]]) throws -> [UInt8] {
            let shape = [values.count] + graph.tensors[tensor].shape.dropFirst()
            return try NpyArray(shape: shape, values: values.flatMap { $0 }).encoded()
        }
        var inputFiles: [JSONValue] = []
        for (position, tensor) in graph.inputs.enumerated() {
            let file = "\(stem).input\(position).npy"
            try write(try stacked(tensor, samples.map { $0[position] }), to: folder.appendingPathComponent(file))
            inputFiles.append(.string(file))
        }
        var outputFiles: [JSONValue] = []
        for (position, tensor) in graph.outputs.enumerated() {
            let file = "\(stem).output\(position).npy"
            try write(try stacked(tensor, outputs.map { $0[position] }), to: folder.appendingPathComponent(file))
            outputFiles.append(.string(file))
        }
        return .object(["stem": .string(stem), "inputs": .array(inputFiles), "outputs": .array(outputFiles),
                        "operators": .integer(graph.operators.count)])
    }

    @Test func writesEveryModel() throws {
        let folder = try #require(exportDirectory).appendingPathComponent("exported")
        var entries: [JSONValue] = []
        for model in ExportFixtures.all {
            let imported = try KerasImporter.importModel(ExportFixtures.bytes(model.path))
            let samples = try ExportFixtures.samples(model)
            for form in GraphForm.allCases {
                guard let graph = try form.apply(to: imported) else { continue }
                entries.append(try Self.export(graph, stem: "\(model.label).\(form)", samples: samples, into: folder))
            }
        }
        for (label, graph) in SyntheticGraphs.all + SyntheticGraphs.kerasOnly {
            entries.append(try Self.export(graph, stem: label, samples: SyntheticGraphs.samples(graph), into: folder))
        }
        let manifest: JSONValue = .object([
            "generator": .string("Tests/KingletExportTests/KerasExportFileTests.swift"),
            "tolerance": .number(1e-5),
            "models": .array(entries),
        ])
        try Self.write(JSONWriter.bytes(manifest), to: folder.appendingPathComponent("manifest.json"))
    }
}
