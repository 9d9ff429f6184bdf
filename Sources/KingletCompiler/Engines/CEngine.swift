import KingletInterpreter
import KingletRuntimeC

/// The C runtime (runtime-c/, linked in-process) as an `Engine`. Owns 16-byte-aligned copies
/// of the model and an arena of exactly the size the model states.
public final class CEngine: Engine {
    private let modelBytes: UnsafeMutableRawBufferPointer
    private let arena: UnsafeMutableRawBufferPointer
    private var model = kgl_model()

    public init(bytes: [UInt8]) throws {
        modelBytes = .allocate(byteCount: max(bytes.count, 1), alignment: 16)
        modelBytes.copyBytes(from: bytes)
        var arenaBytes = 0
        let sizeStatus = kgl_model_arena_size(modelBytes.baseAddress, bytes.count, &arenaBytes)
        guard arenaBytes <= Interpreter.maxArenaBytes else {
            modelBytes.deallocate()
            throw EngineError.arenaTooLarge(arenaBytes)
        }
        arena = .allocate(byteCount: max(arenaBytes, 16), alignment: 16)
        arena.initializeMemory(as: UInt8.self, repeating: 0)
        guard sizeStatus == KGL_OK else {
            throw EngineError.cRuntime(sizeStatus)
        }
        let status = kgl_model_init(&model, modelBytes.baseAddress, bytes.count,
                                    arena.baseAddress, arenaBytes)
        guard status == KGL_OK else { throw EngineError.cRuntime(status) }
    }

    deinit {
        modelBytes.deallocate()
        arena.deallocate()
    }

    public var name: String { "c" }
    public var operatorCount: Int { Int(kgl_model_operator_count(&model)) }

    public func setInput(_ index: Int, bytes: [UInt8]) throws {
        var tensor = kgl_tensor()
        let status = kgl_model_input(&model, UInt32(index), &tensor)
        guard status == KGL_OK else { throw EngineError.cRuntime(status) }
        guard Int(tensor.bytes) == bytes.count else {
            throw EngineError.inputSize(index: index, expected: Int(tensor.bytes), got: bytes.count)
        }
        bytes.withUnsafeBytes { tensor.data.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
    }

    public func invokeOperator(_ index: Int) {
        _ = kgl_model_invoke_operator(&model, UInt32(index))
    }

    public func output(_ index: Int) -> [UInt8] {
        var tensor = kgl_tensor()
        guard kgl_model_output(&model, UInt32(index), &tensor) == KGL_OK else { return [] }
        return Self.bytes(of: tensor)
    }

    public func operatorOutput(_ op: Int, _ index: Int) -> [UInt8] {
        var tensor = kgl_tensor()
        guard kgl_model_operator_output(&model, UInt32(op), UInt32(index), &tensor) == KGL_OK else { return [] }
        return Self.bytes(of: tensor)
    }

    private static func bytes(of tensor: kgl_tensor) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: tensor.data, count: Int(tensor.bytes)))
    }
}
