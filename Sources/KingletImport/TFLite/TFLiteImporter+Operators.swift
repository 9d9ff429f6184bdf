import KingletIR

extension TFLiteImporter {
    /// One TFLite operator as an IR operator, named after its first output tensor.
    static func irOperator(_ op: TFLiteOperator, index: Int, model: TFLiteModel, graph: Graph) throws(ImportError) -> Operator {
        guard op.opcodeIndex < model.operatorCodes.count else {
            throw ImportError.tfliteInvalid("opcode index \(op.opcodeIndex) is out of range (the model has \(model.operatorCodes.count))", at: ["operator \(index)"])
        }
        let code = model.operatorCodes[op.opcodeIndex]
        let location = ["operator \(index) (\(code.displayName))"]
        let inputs = try op.inputs.map { (raw) throws(ImportError) -> Int in
            raw == -1 ? -1 : try tensorIndex(raw, count: graph.tensors.count, location[0])
        }
        let outputs = try op.outputs.map { (raw) throws(ImportError) in
            try tensorIndex(raw, count: graph.tensors.count, location[0])
        }
        let kind = try irKind(code.builtinCode, op.builtinOptions, location: location, graph: graph, inputs: inputs)
        try check16x8(code.builtinCode, op.builtinOptions, inputs: inputs, outputs: outputs, graph: graph,
                      location: location)
        let name = outputs.first.map { graph.tensors[$0].name } ?? ""
        return Operator(kind: kind, inputs: inputs, outputs: outputs, name: name)
    }

    static func irKind(_ code: TFLiteBuiltinOperator, _ options: TFLiteBuiltinOptions, location: [String],
                       graph: Graph, inputs: [Int]) throws(ImportError) -> OperatorKind {
        func mismatch() -> ImportError {
            ImportError.tfliteInvalid("builtin options of type \(options.typeName) do not belong to \(code)", at: location)
        }
        switch code {
        case .conv2D:
            guard case .conv2D(let o) = options else { throw mismatch() }
            return .conv2D(Conv2DAttributes(
                strideH: Int(o.strideH), strideW: Int(o.strideW), dilationH: Int(o.dilationHFactor),
                dilationW: Int(o.dilationWFactor), padding: try padding(o.padding, location),
                activation: try activation(o.fusedActivation, location)))
        case .depthwiseConv2D:
            guard case .depthwiseConv2D(let o) = options else { throw mismatch() }
            // TFLite derives the multiplier from the shapes; the stored field may be 0 or stale.
            var multiplier = Int(o.depthMultiplier)
            if inputs.count >= 2, inputs[0] >= 0, inputs[1] >= 0,
               let channels = graph.tensors[inputs[0]].shape.last, channels > 0,
               let outputChannels = graph.tensors[inputs[1]].shape.last {
                multiplier = outputChannels / channels
            }
            return .depthwiseConv2D(Conv2DAttributes(
                strideH: Int(o.strideH), strideW: Int(o.strideW), dilationH: Int(o.dilationHFactor),
                dilationW: Int(o.dilationWFactor), padding: try padding(o.padding, location),
                activation: try activation(o.fusedActivation, location), depthMultiplier: multiplier))
        case .fullyConnected:
            guard case .fullyConnected(let o) = options else { throw mismatch() }
            guard o.weightsFormat == .default else {
                throw ImportError.tfliteUnsupported("weights format \(o.weightsFormat) is not supported (only DEFAULT)", at: location)
            }
            return .fullyConnected(activation: try activation(o.fusedActivation, location), keepNumDims: o.keepNumDims)
        case .averagePool2D, .maxPool2D:
            guard case .pool2D(let o) = options else { throw mismatch() }
            let attributes = Pool2DAttributes(
                filterH: Int(o.filterHeight), filterW: Int(o.filterWidth), strideH: Int(o.strideH),
                strideW: Int(o.strideW), padding: try padding(o.padding, location),
                activation: try activation(o.fusedActivation, location))
            return code == .averagePool2D ? .averagePool2D(attributes) : .maxPool2D(attributes)
        case .add:
            guard case .add(let o) = options else { return .add(activation: .none) }
            return .add(activation: try activation(o.fusedActivation, location))
        case .sub:
            guard case .sub(let o) = options else { return .sub(activation: .none) }
            return .sub(activation: try activation(o.fusedActivation, location))
        case .mul:
            guard case .mul(let o) = options else { return .mul(activation: .none) }
            return .mul(activation: try activation(o.fusedActivation, location))
        case .reshape, .expandDims:
            return .reshape
        case .squeeze:
            guard case .squeeze(let o) = options else { return .squeeze(axes: []) }
            return .squeeze(axes: o.squeezeDims.map { Int($0) })
        case .softmax:
            guard case .softmax(let o) = options else { throw mismatch() }
            return .softmax(beta: o.beta)
        case .logistic:
            return .logistic
        case .tanh:
            return .tanh
        case .relu:
            return .relu
        case .relu6:
            return .relu6
        case .leakyRelu:
            guard case .leakyRelu(let o) = options else { throw mismatch() }
            return .leakyRelu(alpha: o.alpha)
        case .hardSwish:
            return .hardSwish
        case .pad, .padV2:
            return .pad
        case .mean:
            guard case .reducer(let o) = options else { return .mean(keepDims: false) }
            return .mean(keepDims: o.keepDims)
        case .reduceMax:
            guard case .reducer(let o) = options else { return .reduceMax(keepDims: false) }
            return .reduceMax(keepDims: o.keepDims)
        case .concatenation:
            guard case .concatenation(let o) = options else { throw mismatch() }
            return .concatenation(axis: Int(o.axis), activation: try activation(o.fusedActivation, location))
        case .quantize:
            return .quantize
        case .dequantize:
            return .dequantize
        case .shape:
            return .shape
        case .stridedSlice:
            guard case .stridedSlice(let o) = options else { throw mismatch() }
            if o.offset {
                throw ImportError.tfliteUnsupported("STRIDED_SLICE with offset=true is not supported", at: location)
            }
            return .stridedSlice(StridedSliceAttributes(
                beginMask: Int(o.beginMask), endMask: Int(o.endMask), ellipsisMask: Int(o.ellipsisMask),
                newAxisMask: Int(o.newAxisMask), shrinkAxisMask: Int(o.shrinkAxisMask)))
        case .pack:
            guard case .pack(let o) = options else { throw mismatch() }
            return .pack(axis: Int(o.axis))
        default:
            let names = supported.map { $0.name }.sorted().joined(separator: ", ")
            throw ImportError.tfliteUnsupported("no kernel for \(code) (supported operators: \(names))", at: location)
        }
    }
}
