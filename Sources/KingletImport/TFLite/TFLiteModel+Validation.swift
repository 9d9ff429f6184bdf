// Cross-reference checks: every index a value holds points at something that exists,
// and constant data has the size its tensor needs. Checks local to one tensor (rank,
// dimensions, quantization) run while it is decoded and again here.
extension TFLiteModel {
    /// Throws the first broken reference or inconsistent size, located by subgraph,
    /// operator and tensor. `init(bytes:)` calls this; call it on hand-built models.
    public func validate() throws(ImportError) {
        guard !subgraphs.isEmpty else {
            throw .tfliteInvalid("the model has no subgraphs")
        }
        for (index, entry) in metadata.enumerated() where !buffers.indices.contains(entry.buffer) {
            throw .tfliteInvalid("refers to buffer \(entry.buffer), but the model has \(buffers.count) buffers",
                                 at: ["metadata \(index) '\(entry.name)'"])
        }
        for (index, subgraph) in subgraphs.enumerated() {
            try ImportError.tflite(at: "subgraph \(index)") { () throws(ImportError) in
                try validate(subgraph)
            }
        }
    }

    private func validate(_ subgraph: TFLiteSubgraph) throws(ImportError) {
        let tensorCount = subgraph.tensors.count
        func checkTensorIndices(_ indices: [Int32], _ what: String, allowAbsent: Bool) throws(ImportError) {
            for (position, index) in indices.enumerated() {
                if index == -1, allowAbsent { continue }
                guard index >= 0, Int(index) < tensorCount else {
                    throw .tfliteInvalid("\(what) \(position) is tensor \(index), but the subgraph has \(tensorCount) tensors"
                        + (allowAbsent ? " (-1 marks an absent input)" : ""))
                }
            }
        }
        try checkTensorIndices(subgraph.inputs, "input", allowAbsent: false)
        try checkTensorIndices(subgraph.outputs, "output", allowAbsent: false)

        for (index, tensor) in subgraph.tensors.enumerated() {
            try ImportError.tflite(at: "tensor \(index) '\(tensor.name)'") { () throws(ImportError) in
                try tensor.validateShape()
                try validateData(of: tensor)
            }
        }

        for (index, op) in subgraph.operators.enumerated() {
            guard let code = operatorCode(of: op) else {
                throw .tfliteInvalid("operator code index \(op.opcodeIndex) is out of range; the model has \(operatorCodes.count) codes",
                                     at: ["operator \(index)"])
            }
            try ImportError.tflite(at: "operator \(index) (\(code.displayName))") { () throws(ImportError) in
                try checkTensorIndices(op.inputs, "input", allowAbsent: true)
                try checkTensorIndices(op.outputs, "output", allowAbsent: false)
                try checkTensorIndices(op.intermediates, "intermediate", allowAbsent: false)
            }
        }
    }

    private func validateData(of tensor: TFLiteTensor) throws(ImportError) {
        guard buffers.indices.contains(tensor.buffer) else {
            throw .tfliteInvalid("refers to buffer \(tensor.buffer), but the model has \(buffers.count) buffers")
        }
        let data = buffers[tensor.buffer].data
        // Sparse tensors store a compressed encoding; sub-byte and string types have no
        // whole-byte element size to check against.
        guard !data.isEmpty, !tensor.isSparse, let expected = tensor.byteCount else { return }
        guard data.count == expected else {
            throw .tfliteInvalid("buffer \(tensor.buffer) holds \(data.count) bytes, but shape \(tensor.shape) of \(tensor.type) needs \(expected)")
        }
    }
}
