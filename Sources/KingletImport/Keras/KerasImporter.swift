import KingletIO
import KingletIR

/// Reads a saved Keras model — a Keras 3 `.keras` archive or a legacy `.h5` file written by
/// Keras 3 or Keras 2 (tf.keras) — into a float32 IR graph with batch 1. The graph is a
/// literal translation; run the canonicalization passes before using it.
public enum KerasImporter {
    public static func importModel(_ bytes: [UInt8]) throws(ImportError) -> Graph {
        do {
            let file = try KerasFile(bytes: bytes)
            var builder = KerasGraphBuilder(weights: file.weights, isKeras2: file.isKeras2)
            try builder.buildTopLevel(file.config)
            do {
                try builder.graph.verify()
            } catch {
                throw ImportError.invalid(format: "Keras", location: [], reason: "the translated graph is inconsistent: \(error)")
            }
            return builder.graph
        } catch let error as ImportError {
            throw error
        } catch let error as IOError {
            throw ImportError.unreadable(format: "Keras", location: [], underlying: error)
        } catch {
            throw ImportError.invalid(format: "Keras", location: [], reason: "\(error)")
        }
    }

    /// Whether the bytes look like a Keras file (a zip or HDF5 container).
    public static func recognizes(_ bytes: [UInt8]) -> Bool {
        KerasFile.isZip(bytes) || KerasFile.isHDF5(bytes)
    }

    /// Layer classes the importer translates.
    public static var supportedLayers: [String] { KerasGraphBuilder.supportedLayers }
}
