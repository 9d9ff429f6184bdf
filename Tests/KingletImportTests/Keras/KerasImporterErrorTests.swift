import KingletImport
import Testing

/// Configs a user could hand us that Kinglet cannot take: each error names the layer, its
/// class and the option, and says what was expected.
@Suite struct KerasImporterErrorTests {
    private func message(_ file: String, _ edit: (String) -> String) throws -> String {
        let bytes = try StoredZipWriter.editedKeras(file, edit)
        do {
            _ = try KerasImporter.importModel(bytes)
        } catch {
            return "\(error)"
        }
        Issue.record("\(file): the edited model imported without error")
        return ""
    }

    @Test func theRepackedFixtureStillImports() throws {
        let bytes = try StoredZipWriter.editedKeras("conv2d_same_s1.keras") { $0 }
        let graph = try KerasImporter.importModel(bytes)
        #expect(graph.operators.count >= 2)
    }

    @Test func unsupportedLayerNamesItsClassAndTheSupportedOnes() throws {
        let text = try message("dense_nobias.keras") { $0.replacingOccurrences(of: "\"class_name\": \"Dense\"", with: "\"class_name\": \"LSTM\"") }
        #expect(text.contains("layer 'dense' (LSTM)"), "\(text)")
        #expect(text.contains("not supported"), "\(text)")
        #expect(text.contains("supported layers: InputLayer, Dense"), "\(text)")
    }

    @Test func unsupportedActivationNamesTheOption() throws {
        let text = try message("dense_3d.keras") { $0.replacingOccurrences(of: "\"activation\": \"relu\"", with: "\"activation\": \"selu\"") }
        #expect(text.contains("option 'activation'") && text.contains("'selu'"), "\(text)")
    }

    @Test func groupedConvolutionIsRefused() throws {
        let text = try message("conv2d_valid_s1.keras") { $0.replacingOccurrences(of: "\"groups\": 1", with: "\"groups\": 3") }
        #expect(text.contains("(Conv2D)") && text.contains("option 'groups'"), "\(text)")
    }

    @Test func channelsFirstIsRefused() throws {
        let text = try message("conv2d_valid_s1.keras") { $0.replacingOccurrences(of: "channels_last", with: "channels_first") }
        #expect(text.contains("option 'data_format'") && text.contains("channels_last"), "\(text)")
    }

    @Test func weightShapeDisagreeingWithTheConfig() throws {
        let text = try message("conv2d_valid_s1.keras") { $0.replacingOccurrences(of: "\"filters\": 4", with: "\"filters\": 5") }
        #expect(text.contains("weight 'kernel'") && text.contains("has shape (3, 3, 3, 4)") && text.contains("(3, 3, 3, 5)"), "\(text)")
    }

    @Test func missingWeight() throws {
        let text = try message("dense_nobias.keras") { $0.replacingOccurrences(of: "\"use_bias\": false", with: "\"use_bias\": true") }
        #expect(text.contains("weights") && text.contains("1 variable(s), the config implies 2 (kernel, bias)"), "\(text)")
    }

    @Test func dynamicInputShape() throws {
        let text = try message("conv1d_valid.keras") { $0.replacingOccurrences(of: "\"batch_shape\": [null, 16, 3]", with: "\"batch_shape\": [null, null, 3]") }
        #expect(text.contains("no fixed size"), "\(text)")
    }

    @Test func hugeSizesAreRefusedNotOverflowed() throws {
        let input = try message("conv1d_valid.keras") { $0.replacingOccurrences(of: "\"batch_shape\": [null, 16, 3]", with: "\"batch_shape\": [null, 16000000, 16000000, 3]") }
        #expect(input.contains("more than 268435456 elements"), "\(input)")
        let units = try message("dense_nobias.keras") { $0.replacingOccurrences(of: "\"units\": 5", with: "\"units\": 1000000000000") }
        #expect(units.contains("option 'units'") && units.contains("out of range"), "\(units)")
        let filters = try message("conv2d_valid_s1.keras") { $0.replacingOccurrences(of: "\"strides\": [1, 1]", with: "\"strides\": [0, 1]") }
        #expect(filters.contains("option 'strides'") && filters.contains("positive"), "\(filters)")
    }

    @Test func readingAnUnknownLayer() throws {
        let text = try message("merge_add.keras") { $0.replacingOccurrences(of: "\"keras_history\": [\"b\"", with: "\"keras_history\": [\"nope\"") }
        #expect(text.contains("unknown layer 'nope'"), "\(text)")
    }

    @Test func malformedJSON() throws {
        let text = try message("dense_nobias.keras") { String($0.dropLast(10)) }
        #expect(text.contains("config.json") && text.contains("invalid JSON"), "\(text)")
    }

    @Test func notAKerasFile() {
        #expect(throws: ImportError.self) { try KerasImporter.importModel(Array("hello".utf8)) }
    }
}
