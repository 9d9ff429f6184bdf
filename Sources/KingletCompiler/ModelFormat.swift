import KingletFormat
import KingletImport

/// The kinds of model file the CLI accepts, told apart by their bytes first, then extension.
public enum ModelFormat: Sendable {
    case kgl, tflite, keras, unknown

    public static func detect(path: String, bytes: [UInt8]) -> ModelFormat {
        if bytes.count >= 4, bytes[0] == 0x4B, bytes[1] == 0x47, bytes[2] == 0x4C, bytes[3] == 0 {
            return .kgl
        }
        if bytes.count >= 8, Array(bytes[4..<8]) == Array("TFL3".utf8) {
            return .tflite
        }
        if KerasImporter.recognizes(bytes) { return .keras }
        let lower = path.lowercased()
        if lower.hasSuffix(".kgl") { return .kgl }
        if lower.hasSuffix(".tflite") { return .tflite }
        if lower.hasSuffix(".keras") || lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5") { return .keras }
        return .unknown
    }
}
