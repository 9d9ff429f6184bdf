import KingletFormat
import KingletIR
import KingletInterpreter
import KingletRuntimeC

/// Runs one `.kgl` model in both engines, the Swift `Interpreter` and the C runtime
/// (`KingletRuntimeC`), so a test can require byte-identical outputs.
///
/// Typical use:
/// ```swift
/// let bytes = try BothEngines.lower(graph)                 // or KglWriter.write(program)
/// let (swift, c) = try BothEngines.run(bytes, inputs: [input])
/// #expect(swift == c)
/// ```
/// Inputs and outputs are raw tensor bytes (int8 values as their bit patterns), one array
/// per model input / output, in model order.
enum BothEngines {
    /// Why an engine refused or failed to run a model.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Outputs of both engines for the same model and inputs: `(swiftOutputs, cOutputs)`.
    /// Throws when either engine refuses the model or an input has the wrong size.
    static func run(_ kgl: [UInt8], inputs: [[UInt8]]) throws -> (swift: [[UInt8]], c: [[UInt8]]) {
        (try runSwift(kgl, inputs: inputs), try runC(kgl, inputs: inputs))
    }

    /// The Swift interpreter's outputs.
    static func runSwift(_ kgl: [UInt8], inputs: [[UInt8]]) throws -> [[UInt8]] {
        var interpreter = try Interpreter(bytes: kgl)
        for (index, input) in inputs.enumerated() {
            try interpreter.setInput(index, bytes: input)
        }
        interpreter.invoke()
        return interpreter.model.outputs.indices.map { interpreter.output($0) }
    }

    /// The C runtime's outputs. Model bytes and arena are copied into 16-byte-aligned
    /// buffers, as kgl_model_init requires.
    static func runC(_ kgl: [UInt8], inputs: [[UInt8]]) throws -> [[UInt8]] {
        try withCModel(kgl) { model in
            guard inputs.count == Int(kgl_model_input_count(&model)) else {
                throw Failure(description: "C runtime: model has \(kgl_model_input_count(&model)) inputs, got \(inputs.count)")
            }
            for (index, input) in inputs.enumerated() {
                var tensor = kgl_tensor()
                try check(kgl_model_input(&model, UInt32(index), &tensor), "kgl_model_input(\(index))")
                guard Int(tensor.bytes) == input.count, let data = tensor.data else {
                    throw Failure(description: "C runtime: input \(index) needs \(tensor.bytes) bytes, got \(input.count)")
                }
                input.withUnsafeBytes { data.copyMemory(from: $0.baseAddress!, byteCount: input.count) }
            }
            try check(kgl_model_invoke(&model), "kgl_model_invoke")
            var outputs: [[UInt8]] = []
            for index in 0..<kgl_model_output_count(&model) {
                var tensor = kgl_tensor()
                try check(kgl_model_output(&model, index, &tensor), "kgl_model_output(\(index))")
                let raw = UnsafeRawBufferPointer(start: tensor.data, count: Int(tensor.bytes))
                outputs.append(Array(raw))
            }
            return outputs
        }
    }

    /// Whether each engine accepts the model at load time: nil = accepted, else the Swift
    /// error message / the C status. For tests that hostile or inconsistent models are
    /// refused by both (the rule is: both accept or both refuse).
    static func acceptance(_ kgl: [UInt8]) -> (swift: String?, c: kgl_status?) {
        var swiftError: String? = nil
        do { _ = try Interpreter(bytes: kgl) } catch { swiftError = error.description }
        var cStatus: kgl_status? = nil
        do {
            try withCModel(kgl) { _ in }
        } catch let failure as CStatusFailure {
            cStatus = failure.status
        } catch {
            cStatus = KGL_ERROR_BAD_HEADER
        }
        return (swiftError, cStatus)
    }

    /// Lowers an IR graph with a simple memory plan (every activation tensor in its own
    /// 16-byte-aligned arena slot) and serializes it.
    static func lower(_ graph: Graph) throws -> [UInt8] {
        try KglWriter.write(KglLowering.lower(graph, plan: simplePlan(graph)))
    }

    /// Every non-constant tensor gets a distinct, 16-byte-aligned arena range.
    static func simplePlan(_ graph: Graph) -> MemoryPlan {
        var plan = MemoryPlan()
        var end = 0
        for (index, tensor) in graph.tensors.enumerated() where !tensor.isConstant {
            plan.offsets[index] = end
            end += (tensor.byteCount + 15) / 16 * 16
        }
        plan.arenaBytes = end
        return plan
    }

    /// "index i: swift x, c y" for every differing byte (outputs as int8), at most `limit` lines.
    static func mismatches(_ a: [[UInt8]], _ b: [[UInt8]], limit: Int = 20) -> [String] {
        var lines: [String] = []
        if a.count != b.count { lines.append("output counts differ: \(a.count) vs \(b.count)") }
        for (o, (x, y)) in zip(a, b).enumerated() {
            if x.count != y.count { lines.append("output \(o): sizes differ: \(x.count) vs \(y.count)") }
            for i in 0..<min(x.count, y.count) where x[i] != y[i] && lines.count < limit {
                lines.append("output \(o) index \(i): \(Int8(bitPattern: x[i])) vs \(Int8(bitPattern: y[i]))")
            }
        }
        return lines
    }

    // MARK: - C plumbing

    private struct CStatusFailure: Error, CustomStringConvertible {
        let status: kgl_status
        let what: String
        var description: String {
            "C runtime: \(what) returned \(status.rawValue) (\(String(cString: kgl_status_str(status))))"
        }
    }

    private static func check(_ status: kgl_status, _ what: String) throws {
        if status != KGL_OK { throw CStatusFailure(status: status, what: what) }
    }

    /// Loads the model into aligned copies of its bytes and a fresh zeroed arena, then calls `body`.
    private static func withCModel<T>(_ kgl: [UInt8], _ body: (inout kgl_model) throws -> T) throws -> T {
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: max(kgl.count, 1), alignment: 16)
        defer { bytes.deallocate() }
        kgl.withUnsafeBytes { if let base = $0.baseAddress { bytes.copyMemory(from: base, byteCount: kgl.count) } }
        var arenaSize = 0
        try check(kgl_model_arena_size(bytes, kgl.count, &arenaSize), "kgl_model_arena_size")
        let arena = UnsafeMutableRawPointer.allocate(byteCount: max(arenaSize, 1), alignment: 16)
        defer { arena.deallocate() }
        arena.initializeMemory(as: UInt8.self, repeating: 0, count: max(arenaSize, 1))
        var model = kgl_model()
        try check(kgl_model_init(&model, bytes, kgl.count, arena, arenaSize), "kgl_model_init")
        return try body(&model)
    }
}
