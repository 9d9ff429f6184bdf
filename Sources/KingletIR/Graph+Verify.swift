extension Graph {
    /// Checks the invariants every pass must keep: indices in range, every operand defined
    /// (a model input, a constant, or an earlier operator's output) before it is read,
    /// every tensor written at most once, and constant data sized as its shape says.
    public func verify() throws(IRError) {
        var defined = [Bool](repeating: false, count: tensors.count)
        func check(_ index: Int, _ role: String) throws(IRError) {
            guard tensors.indices.contains(index) else {
                throw IRError("\(role) refers to tensor \(index), but the graph has \(tensors.count)")
            }
        }
        for (index, tensor) in tensors.enumerated() {
            if tensor.shape.contains(where: { $0 < 0 }) {
                throw IRError("tensor \(index) '\(tensor.name)' has a negative dimension \(tensor.shape)")
            }
            if let data = tensor.data {
                if data.count != tensor.byteCount {
                    throw IRError("tensor \(index) '\(tensor.name)' holds \(data.count) bytes; shape \(tensor.shape) of \(tensor.type) needs \(tensor.byteCount)")
                }
                defined[index] = true
            }
        }
        for input in inputs {
            try check(input, "a model input")
            defined[input] = true
        }
        for (position, op) in operators.enumerated() {
            let role = "operator \(position) (\(op.kind.name))"
            for input in op.inputs where input >= 0 {
                try check(input, role)
                if !defined[input] {
                    throw IRError("\(role) reads tensor \(input) '\(tensors[input].name)' before anything writes it")
                }
            }
            for output in op.outputs {
                try check(output, role)
                if defined[output] {
                    throw IRError("\(role) writes tensor \(output) '\(tensors[output].name)', which is already defined")
                }
                defined[output] = true
            }
        }
        for output in outputs {
            try check(output, "a model output")
            if !defined[output] {
                throw IRError("model output tensor \(output) '\(tensors[output].name)' is never written")
            }
        }
    }
}
