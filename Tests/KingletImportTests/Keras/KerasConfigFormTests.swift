import Foundation
import KingletImport
import KingletIR
import Testing

/// Whole models whose configs hold the forms older Keras versions and old user code wrote:
/// numbers and null for flags, integral floats for integers. Each imports to the same graph
/// as the model with canonical values, or is refused as Keras refuses it.
@Suite struct KerasConfigFormTests {
    /// Operators, tensor shapes and constant values: equal signatures mean equal graphs.
    private func signature(_ graph: Graph) -> [String] {
        graph.operators.map { "\($0.kind) \($0.inputs) \($0.outputs)" }
            + graph.tensors.map { "\($0.name) \($0.shape) \($0.floatValues ?? [])" }
    }

    private func importEdited(_ file: String, _ edits: [(String, String)]) throws -> Graph {
        let bytes = try StoredZipWriter.editedKeras(file) { text in
            var text = text
            for (old, new) in edits {
                #expect(text.contains(old), "\(file) has no \(old)")
                text = text.replacingOccurrences(of: old, with: new)
            }
            return text
        }
        return try KerasImporter.importModel(bytes)
    }

    private func refusal(_ file: String, _ edits: [(String, String)]) throws -> String {
        do {
            _ = try importEdited(file, edits)
        } catch {
            return "\(error)"
        }
        Issue.record("\(file) with \(edits) imported")
        return ""
    }

    private func original(_ file: String) throws -> Graph {
        try KerasImporter.importModel(try KerasFixtures.bytes(file))
    }

    /// The defect of issue 12: `"scale": 1.0` stopped the import ("expected true or false").
    @Test func numericTrueFlagsAreTrue() throws {
        let edited = try importEdited("batchnorm_4d.keras", [("\"center\": true", "\"center\": 1"),
                                                            ("\"scale\": true", "\"scale\": 1.0")])
        #expect(signature(edited) == signature(try original("batchnorm_4d.keras")))
    }

    /// `"scale": 0` means no gamma, as in Keras, so the file's four variables no longer fit.
    @Test func numericFalseFlagsAreFalse() throws {
        let text = try refusal("batchnorm_4d.keras", [("\"scale\": true", "\"scale\": 0")])
        #expect(text.contains("the file holds 4 variable(s), the config implies 3 (beta, moving_mean, moving_variance)"), "\(text)")
    }

    /// Keras reads `use_bias: None` as false (`if self.use_bias:`), not as the default true.
    @Test func nullFlagsAreFalse() throws {
        let edited = try importEdited("dense_nobias.keras", [("\"use_bias\": false", "\"use_bias\": null")])
        #expect(signature(edited) == signature(try original("dense_nobias.keras")))
    }

    /// Keras 2 converts filters and units with int(); strides and pool sizes only enter
    /// arithmetic; data_format and padding are lowercased.
    @Test func integralFloatsWhereKerasAcceptsThem() throws {
        let conv = try importEdited("conv2d_valid_s2.keras", [("\"filters\": 4", "\"filters\": 4.0"),
                                                             ("\"strides\": [2, 2]", "\"strides\": [2.0, 2.0]"),
                                                             ("\"padding\": \"valid\"", "\"padding\": \"VALID\""),
                                                             ("\"data_format\": \"channels_last\"", "\"data_format\": null")])
        #expect(signature(conv) == signature(try original("conv2d_valid_s2.keras")))
        let dense = try importEdited("dense_nobias.keras", [("\"units\": 5", "\"units\": 5.0")])
        #expect(signature(dense) == signature(try original("dense_nobias.keras")))
        let pool = try importEdited("maxpool2d_same.keras", [("\"pool_size\": [3, 3]", "\"pool_size\": [3.0, 3.0]"),
                                                            ("\"strides\": [2, 2]", "\"strides\": [2.0, 2.0]")])
        #expect(signature(pool) == signature(try original("maxpool2d_same.keras")))
    }

    /// Where the value becomes a TensorFlow shape every Keras refuses a float, and so do we.
    @Test func floatsWhereKerasRefusesThem() throws {
        let kernel = try refusal("conv2d_valid_s1.keras", [("\"kernel_size\": [3, 3]", "\"kernel_size\": [3.0, 3.0]")])
        #expect(kernel == "Keras: layer 'conv' (Conv2D): option 'kernel_size': expected an integer or a list of 2 integers, found [3.0, 3.0]")
        let groups = try refusal("conv2d_valid_s1.keras", [("\"groups\": 1", "\"groups\": 1.0")])
        #expect(groups == "Keras: layer 'conv' (Conv2D): option 'groups': expected an integer, found 1.0")
        let shape = try refusal("conv1d_valid.keras", [("\"batch_shape\": [null, 16, 3]", "\"batch_shape\": [null, 16.0, 3]")])
        #expect(shape.contains("input axis 1 is 16.0, expected an integer or null"), "\(shape)")
        let units = try refusal("dense_nobias.keras", [("\"units\": 5", "\"units\": 5.5")])
        #expect(units == "Keras: layer 'dense' (Dense): option 'units': expected an integer, found 5.5")
    }

    @Test func stringFlagsAreRefused() throws {
        let text = try refusal("dense_nobias.keras", [("\"use_bias\": false", "\"use_bias\": \"false\"")])
        #expect(text == #"Keras: layer 'dense' (Dense): option 'use_bias': expected true, false or a number, found "false""#)
    }

    /// The MLPerf Tiny streaming wake-word model (Keras 2.14, `"scale": 1`) of issue 12.
    @Test func theWakeWordModelImports() throws {
        let url = KerasFixtures.directory.appendingPathComponent("older/str_ww_ref_model.h5")
        let graph = try KerasImporter.importModel([UInt8](try Data(contentsOf: url)))
        #expect(graph.inputs.map { graph.tensors[$0].shape } == [[1, 30, 1, 40]])
        #expect(graph.outputs.map { graph.tensors[$0].shape } == [[1, 3]])
        #expect(graph.operators.filter { if case .batchNormalization = $0.kind { true } else { false } }.count == 4)
        // scale=1 keeps gamma: four inputs besides x are constants.
        for op in graph.operators {
            if case .batchNormalization = op.kind { #expect(op.inputs.dropFirst().allSatisfy { $0 >= 0 }) }
        }
    }
}
