import KingletInterpreter
import KingletRuntimeC

/// An engine refused a model or an input.
public enum EngineError: Error, CustomStringConvertible {
    case cRuntime(kgl_status)
    case inputSize(index: Int, expected: Int, got: Int)
    case arenaTooLarge(Int)

    public var description: String {
        switch self {
        case .cRuntime(let status):
            "C runtime: \(String(cString: kgl_status_str(status))) (status \(status.rawValue))"
        case .inputSize(let index, let expected, let got):
            "input \(index) needs \(expected) bytes, got \(got)"
        case .arenaTooLarge(let bytes):
            "the model asks for an arena of \(bytes) bytes; host tools allocate at most \(Interpreter.maxArenaBytes)"
        }
    }
}
