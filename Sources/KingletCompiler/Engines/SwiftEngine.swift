import KingletInterpreter

/// The Swift reference interpreter as an `Engine`.
public struct SwiftEngine: Engine {
    var interpreter: Interpreter

    public init(bytes: [UInt8]) throws {
        interpreter = try Interpreter(bytes: bytes)
    }

    public var name: String { "swift" }
    public var operatorCount: Int { interpreter.model.operators.count }

    public mutating func setInput(_ index: Int, bytes: [UInt8]) throws {
        try interpreter.setInput(index, bytes: bytes)
    }

    public mutating func invokeOperator(_ index: Int) { interpreter.invokeOperator(index) }
    public func output(_ index: Int) -> [UInt8] { interpreter.output(index) }
    public func operatorOutput(_ op: Int, _ index: Int) -> [UInt8] { interpreter.operatorOutput(op, index) }
}
