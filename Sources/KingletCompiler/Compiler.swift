import KingletFormat
import KingletImport
import KingletIR
import KingletInterpreter
import KingletPasses

/// The facade the CLI calls: model file → IR → passes → memory plan → `.kgl` bytes.
public enum Compiler {
    /// Reads a model file of any supported kind into the IR (no passes run).
    public static func importGraph(_ path: String) throws -> Graph {
        let bytes = try FileIO.read(path)
        switch ModelFormat.detect(path: path, bytes: bytes) {
        case .tflite:
            do {
                return try TFLiteImporter.importModel(bytes)
            } catch {
                throw CompilerError(file: path, "\(error)")
            }
        case .keras:
            do {
                return try KerasImporter.importModel(bytes)
            } catch {
                throw CompilerError(file: path, "\(error)")
            }
        case .kgl:
            throw CompilerError(file: path, "is already a compiled .kgl model")
        case .unknown:
            throw CompilerError(file: path, "unknown model format (expected .keras, .h5, .tflite or .kgl)")
        }
    }

    /// Imports a float model (Keras) and canonicalizes it: BatchNormalization folded,
    /// activations fused, inference-time identities removed, SeparableConv2D split.
    public static func importFloatGraph(_ path: String) throws -> Graph {
        var graph = try importGraph(path)
        guard isFloat(graph) else {
            throw CompilerError(file: path, "is a quantized int8 model; the float reference interpreter runs float models (.keras, .h5)")
        }
        do {
            try Pipeline(Canonicalization.passes).run(&graph)
        } catch {
            throw CompilerError(file: path, "canonicalization failed: \(error)")
        }
        return graph
    }

    /// A float graph: no tensor carries quantization parameters (what Keras import gives).
    public static func isFloat(_ graph: Graph) -> Bool {
        graph.tensors.allSatisfy { $0.quantization == nil }
    }

    /// The passes every compilation runs, in order.
    public static var pipeline: Pipeline {
        Pipeline([FoldShapeArithmetic(), RemoveDeadOperators()])
    }

    /// Compiles a graph to `.kgl` bytes and checks them by loading them in the reference
    /// interpreter (which runs every kernel's validation).
    public static func compile(_ graph: Graph, options: CompileOptions = CompileOptions(),
                               file: String? = nil) throws -> [UInt8] {
        if isFloat(graph) {
            throw CompilerError(file: file, "is a float model: a .kgl holds an int8 model, and int8 quantization of float models is not implemented yet. `kinglet run` and `kinglet inspect` work on it with the float reference interpreter")
        }
        do {
            var graph = graph
            try pipeline.run(&graph)
            let plan = MemoryPlanner.plan(graph)
            let program = try KglLowering.lower(graph, plan: plan, sparseWeights: options.sparseWeights)
            let bytes = try KglWriter.write(program, includeNames: !options.stripNames)
            _ = try Interpreter(bytes: bytes)
            return bytes
        } catch let error as CompilerError {
            throw error
        } catch {
            throw CompilerError(file: file, "\(error)")
        }
    }

    /// The `.kgl` bytes of a model file: read as is for `.kgl`, compiled in memory otherwise.
    public static func kglBytes(_ path: String, options: CompileOptions = CompileOptions()) throws -> [UInt8] {
        let bytes = try FileIO.read(path)
        if ModelFormat.detect(path: path, bytes: bytes) == .kgl {
            return bytes
        }
        return try compile(importGraph(path), options: options, file: path)
    }
}
