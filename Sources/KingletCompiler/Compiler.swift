import KingletFormat
import KingletIR
import KingletInterpreter
import KingletPasses

/// The facade the CLI calls: model file → IR → passes → memory plan → `.kgl` bytes.
public enum Compiler {
    /// Reads and imports a model file once (`ModelFile`); every command starts here.
    public static func open(_ path: String) throws -> ModelFile {
        try ModelFile(path: path)
    }

    /// The IR of a model file as imported (no passes run).
    public static func importGraph(_ path: String) throws -> Graph {
        let file = try open(path)
        guard let graph = file.imported else { throw CompilerError(file: path, "is already a compiled .kgl model") }
        return graph
    }

    /// A float model (Keras), imported and canonicalized: BatchNormalization folded,
    /// activations fused, inference-time identities removed, SeparableConv2D split.
    public static func importFloatGraph(_ path: String) throws -> Graph {
        try open(path).floatGraph()
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
            throw CompilerError(file: file, "is a float model: a .kgl holds an int8 model; quantize it with `kinglet compile MODEL --calibration CALIB.npy` (`kinglet run` and `kinglet inspect` run it as it is with the float reference interpreter)")
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
        try open(path).kglBytes(options: options)
    }
}
