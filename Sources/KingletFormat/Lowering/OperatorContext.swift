import KingletIR

/// The IR operator being lowered and its position, for operands and messages.
struct OperatorContext {
    let index: Int
    let op: Operator

    var label: String {
        let name = op.name.isEmpty ? "" : " '\(op.name)'"
        return "operator \(index) (\(op.kind.name)\(name))"
    }

    func error(_ message: String) -> FormatError { FormatError("\(label): \(message)") }

    /// Input `i`, or an error when it is absent.
    func input(_ i: Int) throws(FormatError) -> Int {
        guard i < op.inputs.count, op.inputs[i] >= 0 else { throw error("input \(i) is missing") }
        return op.inputs[i]
    }

    func output(_ i: Int) throws(FormatError) -> Int {
        guard i < op.outputs.count else { throw error("output \(i) is missing") }
        return op.outputs[i]
    }
}
