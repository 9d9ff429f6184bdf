import KingletFormat

/// Checks the kernels' `check` functions share; each throws a message naming the operator.
extension KglOperator {
    func failure(_ message: String) -> FormatError { FormatError("\(label): \(message)") }

    /// The tensor of input `i`, required to have `type` and, when given, `rank`.
    func input(_ i: Int, in model: KglModel, type: KglElementType, rank: Int? = nil) throws(FormatError) -> KglTensor {
        try checked(model.tensors[inputs[i]], "input \(i)", type: type, rank: rank)
    }

    func output(_ i: Int, in model: KglModel, type: KglElementType, rank: Int? = nil) throws(FormatError) -> KglTensor {
        try checked(model.tensors[outputs[i]], "output \(i)", type: type, rank: rank)
    }

    private func checked(_ t: KglTensor, _ role: String, type: KglElementType, rank: Int?) throws(FormatError) -> KglTensor {
        guard t.type == type else {
            throw failure("\(role) \(t.label) is \(t.type), expected \(type)")
        }
        if let rank, t.shape.count != rank {
            throw failure("\(role) \(t.label) has rank \(t.shape.count) (shape \(t.shape)), expected \(rank)")
        }
        return t
    }

    /// Requires `condition`, else fails with `message`.
    func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(FormatError) {
        if !condition { throw failure(message()) }
    }

    /// Requires an int32[count] array at data offset `offset` (an option slot's value).
    func requireInt32Array(_ offset: Int32, count: Int, in model: KglModel, _ what: String) throws(FormatError) {
        if model.int32Array(at: offset, count: count) == nil {
            throw failure("\(what) array (offset \(offset), \(count) values) is outside the data section")
        }
    }
}
