import KingletIR

/// Maps an int8 or 16x8 (int16 activations, int8 weights) `.tflite` model (first subgraph)
/// to the IR. It translates and never optimises: shape arithmetic is kept for the passes to
/// fold. Operators without a 16x8 kernel are refused when they touch int16 tensors
/// (`check16x8`).
public enum TFLiteImporter {
    /// The TFLite operators this importer maps, for messages.
    static let supported: [TFLiteBuiltinOperator] = [
        .add, .averagePool2D, .concatenation, .conv2D, .depthwiseConv2D, .dequantize, .expandDims,
        .fullyConnected, .hardSwish, .leakyRelu, .logistic, .maxPool2D, .mean, .mul, .pack,
        .pad, .padV2, .quantize, .reduceMax, .relu, .relu6, .reshape, .shape, .softmax, .squeeze,
        .stridedSlice, .sub, .tanh,
    ]

    public static func importModel(_ bytes: [UInt8]) throws(ImportError) -> Graph {
        let model = try TFLiteModel(bytes: bytes)
        guard let subgraph = model.subgraphs.first else {
            throw ImportError.tfliteInvalid("the model has no subgraph")
        }
        var graph = Graph()
        for (index, tensor) in subgraph.tensors.enumerated() {
            graph.add(try irTensor(tensor, index: index, model: model))
        }
        graph.inputs = try subgraph.inputs.map { (index) throws(ImportError) in
            try tensorIndex(index, count: graph.tensors.count, "model input")
        }
        graph.outputs = try subgraph.outputs.map { (index) throws(ImportError) in
            try tensorIndex(index, count: graph.tensors.count, "model output")
        }
        for (index, op) in subgraph.operators.enumerated() {
            graph.operators.append(try irOperator(op, index: index, model: model, graph: graph))
        }
        try checkInt4(graph, int4: subgraph.tensors.indices.filter { subgraph.tensors[$0].type == .int4 })
        try checkInt8(graph)
        return graph
    }

    static func tensorIndex(_ raw: Int32, count: Int, _ what: String) throws(ImportError) -> Int {
        guard raw >= 0, Int(raw) < count else {
            throw ImportError.tfliteInvalid("\(what) refers to tensor \(raw), but the subgraph has \(count)")
        }
        return Int(raw)
    }

    static func irTensor(_ t: TFLiteTensor, index: Int, model: TFLiteModel) throws(ImportError) -> Tensor {
        let location = ["tensor \(index) '\(t.name)'"]
        let type: TensorType
        switch t.type {
        case .int8, .int4: type = .int8  // INT4 constants are unpacked to int8 values below
        case .int16: type = .int16
        case .int32: type = .int32
        case .int64: type = .int64
        case .float32: type = .float32
        case .uint8: type = .uint8
        case .bool: type = .bool
        default:
            throw ImportError.tfliteUnsupported("element type \(t.type) is not supported", at: location)
        }
        if t.isSparse {
            throw ImportError.tfliteUnsupported("sparse tensors are not supported", at: location)
        }
        var quantization: Quantization?
        if let q = t.quantization, !q.scales.isEmpty {
            let zeroPoints = q.zeroPoints.isEmpty ? [Int](repeating: 0, count: q.scales.count) : q.zeroPoints.map { Int($0) }
            quantization = Quantization(scales: q.scales, zeroPoints: zeroPoints, axis: Int(q.quantizedDimension))
        }
        var data: [UInt8]?
        if t.buffer > 0 {
            guard t.buffer < model.buffers.count else {
                throw ImportError.tfliteInvalid("buffer \(t.buffer) does not exist (the model has \(model.buffers.count))", at: location)
            }
            let bytes = model.buffers[t.buffer].data
            if t.type == .int4 {
                data = try unpackInt4(bytes, count: t.elementCount, buffer: t.buffer, location)
            } else if !bytes.isEmpty {
                let expected = t.shape.reduce(1) { $0 * Int($1) } * type.byteCount
                guard bytes.count == expected else {
                    throw ImportError.tfliteInvalid("buffer \(t.buffer) holds \(bytes.count) bytes; shape \(t.shape) of \(t.type) needs \(expected)", at: location)
                }
                data = bytes
            }
        }
        if t.type == .int4 {
            guard data != nil else {
                throw ImportError.tfliteUnsupported("INT4 is supported for constant filters only; this tensor has no data", at: location)
            }
            guard let q = t.quantization, !q.scales.isEmpty, q.zeroPoints.allSatisfy({ $0 == 0 }) else {
                throw ImportError.tfliteUnsupported("an INT4 filter needs scales and zero points 0 (symmetric), as TFLite's kernels require", at: location)
            }
        }
        return Tensor(name: t.name, type: type, shape: t.shape.map { Int($0) }, quantization: quantization, data: data)
    }

    /// TFLite's dense INT4 packing unpacked to int8 bytes: two values per byte, element 2i in
    /// the low nibble and 2i + 1 in the high one, each two's complement (−8 … 7); ⌈count / 2⌉
    /// bytes, and an odd count leaves the last high nibble 0 (the converter's packing).
    static func unpackInt4(_ bytes: [UInt8], count: Int, buffer: Int, _ location: [String]) throws(ImportError) -> [UInt8] {
        let expected = (count + 1) / 2
        guard bytes.count == expected else {
            throw ImportError.tfliteInvalid("buffer \(buffer) holds \(bytes.count) bytes; \(count) INT4 values packed two per byte need \(expected)", at: location)
        }
        if count % 2 == 1, bytes[expected - 1] >> 4 != 0 {
            throw ImportError.tfliteInvalid("buffer \(buffer): the unused high nibble of its last byte is \(bytes[expected - 1] >> 4); INT4 packing leaves it 0", at: location)
        }
        var values = [UInt8](repeating: 0, count: count)
        for k in 0..<count {
            let nibble = k % 2 == 0 ? bytes[k / 2] & 0x0F : bytes[k / 2] >> 4
            values[k] = UInt8(bitPattern: Int8(bitPattern: nibble << 4) >> 4)
        }
        return values
    }

    /// INT4 tensors are filters: read only as input 1 of CONV_2D, DEPTHWISE_CONV_2D and
    /// FULLY_CONNECTED (the only kernels TFLite runs INT4 in), never a model input or output.
    static func checkInt4(_ graph: Graph, int4: [Int]) throws(ImportError) {
        for t in int4 {
            let location = ["tensor \(t) '\(graph.tensors[t].name)'"]
            guard !graph.inputs.contains(t) && !graph.outputs.contains(t) else {
                throw ImportError.tfliteUnsupported("an INT4 tensor is a model input or output; INT4 is supported for filters only", at: location)
            }
            for (index, op) in graph.operators.enumerated() where op.inputs.contains(t) {
                let isFilterKind: Bool
                switch op.kind {
                case .conv2D, .depthwiseConv2D, .fullyConnected: isFilterKind = true
                default: isFilterKind = false
                }
                guard isFilterKind, op.inputs.count > 1, op.inputs[1] == t, !op.inputs.enumerated().contains(where: { $0.offset != 1 && $0.element == t }) else {
                    throw ImportError.tfliteUnsupported("INT4 is supported as the filter (input 1) of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED; operator \(index) (\(op.kind.name)) reads it otherwise", at: location)
                }
            }
        }
    }

    static func activation(_ a: TFLiteActivation, _ location: [String]) throws(ImportError) -> Activation {
        switch a {
        case .none: return .none
        case .relu: return .relu
        case .relu6: return .relu6
        case .reluN1To1: return .reluN1To1
        default: throw ImportError.tfliteUnsupported("fused activation \(a) is not supported (supported: NONE, RELU, RELU6, RELU_N1_TO_1)", at: location)
        }
    }

    static func padding(_ p: TFLitePadding, _ location: [String]) throws(ImportError) -> Padding {
        switch p {
        case .same: return .same
        case .valid: return .valid
        default: throw ImportError.tfliteInvalid("unknown padding \(p)", at: location)
        }
    }

    /// An int8 model computes in int8: anything else than the edge QUANTIZE/DEQUANTIZE and the
    /// shape arithmetic reading or writing float32 means full-integer quantization was not used.
    static func checkInt8(_ graph: Graph) throws(ImportError) {
        for (index, op) in graph.operators.enumerated() {
            switch op.kind {
            case .quantize, .dequantize, .shape, .stridedSlice, .pack:
                continue
            default:
                let operands = (op.inputs + op.outputs).filter { $0 >= 0 }
                if let float = operands.first(where: { graph.tensors[$0].type == .float32 }) {
                    throw ImportError.tfliteUnsupported(
                        "not an int8 model: tensor '\(graph.tensors[float].name)' is float32. Convert with full-integer quantization (TFLiteConverter with optimizations=[tf.lite.Optimize.DEFAULT], a representative_dataset and supported_ops=[tf.lite.OpsSet.TFLITE_BUILTINS_INT8])",
                        at: ["operator \(index) (\(op.kind.name))"])
                }
            }
        }
    }
}
