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
        for (index, tensor) in tensors.enumerated() {
            guard let normalization = tensor.normalization else { continue }
            guard inputs.contains(index) else {
                throw IRError("tensor \(index) '\(tensor.name)' has an input normalization but is not a model input")
            }
            guard normalization.channels > 0, normalization.shifts.count == normalization.channels,
                  normalization.channels == tensor.shape.last,
                  (normalization.shifts + normalization.multipliers).allSatisfy(\.isFinite) else {
                throw IRError("model input \(index) '\(tensor.name)': its input normalization needs one finite shift and multiplier per channel of \(tensor.shape)")
            }
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
