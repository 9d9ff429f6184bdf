/// One float32 operator, prepared by `FloatInterpreter.init`: its initializer checks the
/// operator against the graph and keeps what `run` needs (sizes, strides, integer
/// operands), so that `run` cannot trap whatever the model file held.
protocol FloatKernel: Sendable {
    /// The output's elements (row-major) from the operands' elements, indexed like the
    /// operator's inputs. An absent optional operand, and an integer operand (already read
    /// at preparation), is an empty array; every other operand has the size its shape says.
    func run(_ operands: [[Float]]) -> [Float]
}

extension Array where Element == [Float] {
    /// Operand `i`'s values, or empty when the operator lists fewer operands (an optional
    /// trailing operand left out rather than marked -1).
    subscript(optional i: Int) -> [Float] { indices.contains(i) ? self[i] : [] }
}
