import KingletIR

extension TFLiteImporter {
    /// The operators Kinglet runs with int16 activations (TFLite's 16x8 mode, converted with
    /// EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8): the weighted ones and ADD
    /// have 16x8 kernels, QUANTIZE/DEQUANTIZE convert at the edges, and RESHAPE (with
    /// EXPAND_DIMS, SQUEEZE) and CONCATENATION copy bytes of any type.
    static let supportedInt16: [TFLiteBuiltinOperator] = [
        .add, .concatenation, .conv2D, .depthwiseConv2D, .dequantize, .expandDims,
        .fullyConnected, .quantize, .reshape, .squeeze,
    ]

    /// Refuses, with the operator's name, an operator that reads or writes int16 activations
    /// but has no 16x8 kernel, and a 16x8 convolution or fully connected layer with an int32
    /// bias (TFLite Micro then accumulates in int32 with another rescale, or — for
    /// DEPTHWISE_CONV_2D — reads the bias as int64; Kinglet implements the converter's default,
    /// an int64 bias).
    static func check16x8(_ code: TFLiteBuiltinOperator, _ options: TFLiteBuiltinOptions,
                          inputs: [Int], outputs: [Int], graph: Graph,
                          location: [String]) throws(ImportError) {
        let operands = (inputs + outputs).filter { $0 >= 0 }
        guard let int16 = operands.first(where: { graph.tensors[$0].type == .int16 }) else { return }
        guard supportedInt16.contains(code) else {
            let names = supportedInt16.map(\.name).sorted().joined(separator: ", ")
            throw ImportError.tfliteUnsupported(
                "\(code.name) with int16 activations (tensor '\(graph.tensors[int16].name)', a 16x8 model) is not supported; Kinglet's int16 operators are \(names)",
                at: location)
        }
        guard [.conv2D, .depthwiseConv2D, .fullyConnected].contains(code),
              let input = inputs.first, input >= 0, graph.tensors[input].type == .int16 else { return }
        let bias = inputs.count > 2 && inputs[2] >= 0 ? inputs[2] : nil
        if let bias, graph.tensors[bias].type != .int64 {
            throw ImportError.tfliteUnsupported(
                "\(code.name) with int16 activations has bias '\(graph.tensors[bias].name)' of type \(graph.tensors[bias].type); only the converter's default int64 bias is supported in 16x8 models",
                at: location)
        }
        var biasType: TFLiteTensorType?
        switch options {
        case .conv2D(let o): biasType = o.quantizedBiasType
        case .fullyConnected(let o): biasType = o.quantizedBiasType
        default: biasType = nil
        }
        if bias == nil, biasType == .int32 {
            throw ImportError.tfliteUnsupported(
                "\(code.name) with int16 activations and no bias declares quantized_bias_type INT32 (an int32 accumulator); only the default int64 is supported in 16x8 models",
                at: location)
        }
    }
}
