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
        case .kgl:
            throw CompilerError(file: path, "is already a compiled .kgl model")
        case .unknown:
            throw CompilerError(file: path, "unknown model format (expected .tflite or .kgl)")
        }
    }

    /// The passes every compilation runs, in order.
    public static var pipeline: Pipeline {
        Pipeline([FoldShapeArithmetic(), RemoveDeadOperators()])
    }

    /// Compiles a graph to `.kgl` bytes and checks them by loading them in the reference
    /// interpreter (which runs every kernel's validation).
    public static func compile(_ graph: Graph, options: CompileOptions = CompileOptions(),
                               file: String? = nil) throws -> [UInt8] {
        do {
            var graph = graph
            try pipeline.run(&graph)
            let plan = MemoryPlanner.plan(graph)
            let program = try KglLowering.lower(graph, plan: plan)
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
