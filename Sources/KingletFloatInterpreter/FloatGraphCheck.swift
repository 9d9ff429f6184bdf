import KingletIR

/// The graph-wide checks that come before any kernel's: every index in range, sizes that
/// fit, constant data as long as its shape says, float32 activations, and every operand
/// defined (a constant, a graph input or an earlier operator's output) before it is read.
/// `Graph.verify()` is not used because it multiplies dimensions without overflow checks.
enum FloatGraphCheck {
    static func validate(_ graph: Graph, maxElements: Int) throws(FloatInterpreterError) {
        let tensors = graph.tensors
        for (t, tensor) in tensors.enumerated() {
            let label = "tensor \(t) '\(tensor.name)'"
            guard let count = SizeArithmetic.product(tensor.shape) else {
                throw FloatInterpreterError("\(label) has shape \(tensor.shape): a negative dimension or an element count that overflows")
            }
            guard count <= maxElements else {
                throw FloatInterpreterError("\(label) has \(count) elements (shape \(tensor.shape)); the float interpreter allows at most \(maxElements)")
            }
            if let data = tensor.data, data.count != count * tensor.type.byteCount {
                throw FloatInterpreterError("\(label) holds \(data.count) bytes; shape \(tensor.shape) of \(tensor.type) needs \(count * tensor.type.byteCount)")
            }
        }

        var defined = tensors.map(\.isConstant)
        func requireFloatActivation(_ t: Int, _ role: String) throws(FloatInterpreterError) {
            let tensor = tensors[t]
            let label = "\(role) tensor \(t) '\(tensor.name)'"
            guard tensor.type == .float32 else {
                throw FloatInterpreterError("\(label) is \(tensor.type); the float interpreter needs float32")
            }
            guard !tensor.isConstant else {
                throw FloatInterpreterError("\(label) is a constant, so nothing may write it")
            }
            guard !defined[t] else {
                throw FloatInterpreterError("\(label) is written more than once")
            }
            defined[t] = true
        }

        for (i, t) in graph.inputs.enumerated() {
            guard tensors.indices.contains(t) else {
                throw FloatInterpreterError("graph input \(i) refers to tensor \(t), but the graph has \(tensors.count)")
            }
            if graph.inputs[..<i].contains(t) { continue }
            try requireFloatActivation(t, "graph input \(i):")
        }

        for (position, op) in graph.operators.enumerated() {
            let check = FloatOperatorCheck(graph: graph, index: position)
            for (i, t) in op.inputs.enumerated() where t != -1 {
                try check.require(tensors.indices.contains(t),
                                  "operand \(i) refers to tensor \(t), but the graph has \(tensors.count)")
                try check.require(defined[t],
                                  "operand \(i) '\(tensors[t].name)' is neither a constant, a graph input nor an earlier operator's output")
            }
            try check.require(op.outputs.count == 1, "has \(op.outputs.count) outputs, expected 1")
            let output = op.outputs[0]
            try check.require(tensors.indices.contains(output),
                              "output refers to tensor \(output), but the graph has \(tensors.count)")
            do {
                try requireFloatActivation(output, "output")
            } catch {
                throw check.failure(error.message)
            }
        }

        for (i, t) in graph.outputs.enumerated() {
            guard tensors.indices.contains(t) else {
                throw FloatInterpreterError("graph output \(i) refers to tensor \(t), but the graph has \(tensors.count)")
            }
            let tensor = tensors[t]
            guard tensor.type == .float32 else {
                throw FloatInterpreterError("graph output \(i) tensor \(t) '\(tensor.name)' is \(tensor.type); the float interpreter returns float32")
            }
            guard defined[t] else {
                throw FloatInterpreterError("graph output \(i) tensor \(t) '\(tensor.name)' is never written")
            }
        }
    }
}
