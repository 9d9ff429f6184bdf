import KingletFormat
import KingletImport
import KingletIO
import KingletIR
import KingletPasses

/// A model file, read and imported once: every command of the CLI starts from one, so a
/// file is never read or imported twice in a command.
public struct ModelFile: Sendable {
    public let path: String
    public let format: ModelFormat
    /// The file's bytes (the model itself for a `.kgl`).
    let bytes: [UInt8]
    /// The IR as imported, before any pass; nil for a `.kgl`.
    let imported: Graph?
    /// A float (Keras) model after canonicalization (BatchNormalization folded, activations
    /// fused, identities removed, SeparableConv2D split); nil for an int8 model or a `.kgl`.
    let canonical: Graph?

    /// Reads `path` and imports it (and canonicalizes a float model). Errors name the file.
    public init(path: String) throws {
        self.path = path
        bytes = try FileIO.read(path)
        format = ModelFormat.detect(path: path, bytes: bytes)
        imported = try Self.importGraph(path: path, bytes: bytes, format: format)
        if let imported, Compiler.isFloat(imported) {
            var graph = imported
            do {
                try Pipeline(Canonicalization.passes).run(&graph)
            } catch {
                throw CompilerError(file: path, "canonicalization failed: \(error)")
            }
            canonical = graph
        } else {
            canonical = nil
        }
    }

    /// A float model (Keras): run by the float reference interpreter, quantized by compile.
    public var isFloat: Bool { canonical != nil }

    /// The number of model inputs.
    public var inputCount: Int {
        if let graph = canonical ?? imported { return graph.inputs.count }
        return (try? KglModel(bytes: bytes)).map { Int($0.header.inputCount) } ?? 0
    }

    /// The `.kgl` bytes: the file itself for a `.kgl`, compiled in memory for an int8 model.
    public func kglBytes(options: CompileOptions = CompileOptions()) throws -> [UInt8] {
        if format == .kgl { return bytes }
        guard let imported else { throw CompilerError(file: path, "unknown model format (expected .keras, .h5, .tflite or .kgl)") }
        return try Compiler.compile(imported, options: options, file: path)
    }

    /// The canonical float graph; an error naming the file for any other model.
    public func floatGraph() throws -> Graph {
        guard let canonical else {
            throw CompilerError(file: path, format == .kgl
                ? "is a compiled .kgl model; this needs the float model it came from (.keras, .h5)"
                : "is a quantized int8 model; this needs a float model (.keras, .h5)")
        }
        return canonical
    }

    /// The per-sample float inputs of `arrays` (one array per model input, from `paths`),
    /// checked against the float model's input shapes; errors name the first file.
    /// With `finite`, a NaN or infinity is refused (it would poison calibrated ranges).
    public func samples(_ arrays: [NpyArray], from paths: [String], finite: Bool = false) throws -> [[[Float]]] {
        let graph = try floatGraph()
        let samples: [[[Float]]]
        do {
            samples = try FloatRunner.samples(graph, arrays)
        } catch let error as CompilerError {
            throw CompilerError(file: paths.first, error.message)
        }
        if finite {
            for (index, sample) in samples.enumerated() {
                for (input, values) in sample.enumerated() where values.contains(where: { !$0.isFinite }) {
                    throw CompilerError(file: paths[min(input, paths.count - 1)],
                                        "sample \(index) holds a NaN or infinite value; calibration data must be finite")
                }
            }
        }
        return samples
    }

    /// |gamma| per output channel of the layers a BatchNormalization follows, read from the
    /// imported graph before canonicalization folds them (channel pruning's default criterion).
    var batchNormGammas: [String: [Float]] {
        imported.map(ChannelPruning.batchNormGammas) ?? [:]
    }

    private static func importGraph(path: String, bytes: [UInt8], format: ModelFormat) throws -> Graph? {
        switch format {
        case .tflite:
            do { return try TFLiteImporter.importModel(bytes) } catch { throw CompilerError(file: path, "\(error)") }
        case .keras:
            do { return try KerasImporter.importModel(bytes) } catch { throw CompilerError(file: path, "\(error)") }
        case .kgl:
            return nil
        case .unknown:
            throw CompilerError(file: path, "unknown model format (expected .keras, .h5, .tflite or .kgl)")
        }
    }
}
