extension KerasGraphBuilder {
    /// Layer classes that are the identity at inference time.
    static let inferenceIdentities: Set<String> = [
        "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
        "GaussianDropout", "AlphaDropout", "ActivityRegularization", "Identity",
    ]

    /// Every layer class the importer translates (for messages and docs).
    static let supportedLayers: [String] = ([
        "InputLayer", "Dense", "Conv1D", "Conv2D", "DepthwiseConv2D", "SeparableConv2D", "Conv2DTranspose",
        "BatchNormalization", "LayerNormalization", "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU",
        "Softmax", "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D",
        "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
        "Flatten", "Reshape", "Permute", "ZeroPadding1D", "ZeroPadding2D", "Cropping1D", "Cropping2D",
        "UpSampling1D", "UpSampling2D", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum",
        "Concatenate", "Rescaling", "Normalization", "Sequential", "Functional",
    ] + inferenceIdentities.sorted())

    /// Translates one layer call into operators; returns the output tensors.
    mutating func translate(_ call: KerasLayerCall) throws -> [Int] {
        if call.layer.isOperation {
            return [try operation(call)]
        }
        switch call.layer.className {
        case "InputLayer":
            return [try call.single()]
        case let name where Self.inferenceIdentities.contains(name):
            let x = try call.single()
            return [emit(.identity, [x], shape: shape(x), name: call.name)]
        case "Dense": return [try dense(call)]
        case "Conv1D": return [try conv1D(call)]
        case "Conv2D": return [try conv2D(call)]
        case "DepthwiseConv2D": return [try depthwiseConv2D(call)]
        case "SeparableConv2D": return [try separableConv2D(call)]
        case "Conv2DTranspose": return [try conv2DTranspose(call)]
        case "BatchNormalization": return [try batchNormalization(call)]
        case "LayerNormalization": return [try layerNormalization(call)]
        case "Rescaling": return [try rescaling(call)]
        case "Normalization": return [try normalization(call)]
        case "Activation": return [try activationLayer(call)]
        case "ReLU": return [try reluLayer(call)]
        case "LeakyReLU": return [try leakyReluLayer(call)]
        case "PReLU": return [try preluLayer(call)]
        case "ELU": return [try eluLayer(call)]
        case "Softmax": return [try softmaxLayer(call)]
        case "MaxPooling1D", "AveragePooling1D": return [try pooling1D(call)]
        case "MaxPooling2D", "AveragePooling2D": return [try pooling2D(call)]
        case "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D":
            return [try globalPooling(call)]
        case "Flatten": return [try flatten(call)]
        case "Reshape": return [try reshapeLayer(call)]
        case "Permute": return [try permute(call)]
        case "ZeroPadding1D", "ZeroPadding2D": return [try zeroPadding(call)]
        case "Cropping1D", "Cropping2D": return [try cropping(call)]
        case "UpSampling1D", "UpSampling2D": return [try upSampling(call)]
        case "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum": return [try merge(call)]
        case "Concatenate": return [try concatenate(call)]
        default:
            throw call.unsupported("no translation for class \(call.layer.className) (supported layers: \(Self.supportedLayers.joined(separator: ", ")))")
        }
    }
}
