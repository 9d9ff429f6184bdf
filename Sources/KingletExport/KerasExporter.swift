import KingletIO
import KingletIR

/// Writes a float32 IR graph as a Keras 3 `.keras` archive (`config.json`, `metadata.json`,
/// `model.weights.h5`) that `keras.saving.load_model` loads as a Functional model computing
/// what Kinglet's float interpreter computes. The config is generated from the graph, so a
/// pruned, decomposed or fine-tuned graph exports with its own architecture.
///
/// Each operator becomes the natural Keras layer, named after the operator (the Keras layer
/// it came from; "/" and other characters TensorFlow rejects become "_", and a repeated name
/// gets "_1", "_2", …). A fused activation is the layer's `activation` where Keras has one,
/// else a following layer (`<name>_relu`):
///
/// | operator | Keras layers |
/// | --- | --- |
/// | CONV_2D | Conv2D (`groups` when the filter is shallower than the input) |
/// | DEPTHWISE_CONV_2D | DepthwiseConv2D (`depth_multiplier`) |
/// | SEPARABLE_CONV_2D | SeparableConv2D |
/// | TRANSPOSE_CONV | Conv2DTranspose (`output_padding` when the output is larger than Keras's default) |
/// | FULLY_CONNECTED | Dense on the last axis; Flatten first when the input is one row on several axes |
/// | AVERAGE_POOL_2D, MAX_POOL_2D | AveragePooling2D, MaxPooling2D |
/// | MEAN, REDUCE_MAX | GlobalAveragePooling2D/1D, GlobalMaxPooling2D/1D (`keepdims`) over the spatial axes; other axes: Permute, Reshape, the 1D global pooling, Reshape |
/// | ADD, SUB, MUL, MAXIMUM, MINIMUM of two tensors | Add, Subtract, Multiply, Maximum, Minimum |
/// | ADD, SUB, MUL with a scalar or per-channel constant | Rescaling(scale, offset) |
/// | MAXIMUM, MINIMUM with a scalar or per-channel constant | Rescaling(0, c) (the constant as a tensor), then Maximum, Minimum |
/// | RESHAPE, SQUEEZE | Reshape to the output's per-sample shape |
/// | TRANSPOSE keeping the batch axis first | Permute |
/// | PAD with zeros on the spatial axes | ZeroPadding2D, ZeroPadding1D |
/// | SLICE of the spatial axes | Cropping2D, Cropping1D |
/// | RESIZE_NEAREST_NEIGHBOR by whole factors | UpSampling2D (nearest) |
/// | CONCATENATION | Concatenate |
/// | IDENTITY | nothing (an Identity layer when it separates a model output from an input or another output) |
/// | BATCH_NORMALIZATION | BatchNormalization (`scale`/`center` off without gamma/beta) |
/// | LAYER_NORMALIZATION | LayerNormalization |
/// | SOFTMAX (beta 1) | Softmax |
/// | LOGISTIC, TANH, RELU, RELU6, HARD_SWISH, GELU (erf form), SOFTPLUS, EXP | Activation sigmoid, tanh, relu, relu6, hard_silu, gelu, softplus, exponential |
/// | HARD_SIGMOID | Activation hard_sigmoid (Keras 3's slope 1/6); another slope: Rescaling then ReLU(max_value=1) |
/// | LEAKY_RELU, ELU, CLAMPED_RELU | LeakyReLU, ELU, ReLU(max_value, negative_slope, threshold) |
/// | PRELU | PReLU (alpha's broadcast axes are `shared_axes`) |
/// | fused RELU_N1_TO_1 | Rescaling(1, 1), ReLU(max_value=2), Rescaling(1, −1) |
/// | input normalization of a model input | Normalization(mean = shift, variance = 1/multiplier²); Rescaling for multipliers that are not positive or above 1e7 |
///
/// Refused with an `ExportError` naming the operator: QUANTIZE, DEQUANTIZE, SHAPE,
/// STRIDED_SLICE, PACK; quantized or non-float32 tensors; SOFTMAX with beta ≠ 1; GELU's tanh
/// approximation; convolutions with both stride and dilation above 1 (Keras refuses them);
/// constants Rescaling cannot apply (not one value or one per channel); PAD of the batch or
/// channel axis or with a non-zero value; SLICE, TRANSPOSE, RESHAPE or MEAN that touch the
/// batch axis; resizing by fractional factors.
///
/// Output is deterministic: the same graph gives the same bytes.
public enum KerasExporter {
    /// The Keras version whose file layout is written, recorded in `metadata.json`.
    public static let kerasVersion = "3.15.1"

    /// The `.keras` archive of `graph`, whose Functional model is called `name`.
    public static func export(_ graph: Graph, name: String = "model") throws(ExportError) -> [UInt8] {
        var builder = KerasModelBuilder(graph: graph)
        try builder.build()
        let layers = builder.layers
        let order = KerasLayerOrder.order(layers, inputs: builder.inputLayers, outputs: builder.outputLayers)
        // The config lists layers in the order they were made (each after its inputs),
        // without those no output needs: Keras drops them from the model, and its weights.
        let included = Set(order)
        let modelName = KerasLayerNames.sanitized(name).isEmpty ? "model" : KerasLayerNames.sanitized(name)
        let config = KerasConfigWriter.config(modelName: modelName, layers: layers,
                                              included: layers.indices.filter(included.contains),
                                              inputs: builder.inputLayers, outputs: builder.outputLayers)
        let metadata: JSONValue = .object(["keras_version": .string(kerasVersion), "exported_by": .string("Kinglet")])
        do {
            let weights = try KerasWeightsWriter.weights(modelName: modelName, layers: layers, order: order)
            var zip = ZipWriter()
            try zip.add("metadata.json", JSONWriter.bytes(metadata))
            try zip.add("config.json", JSONWriter.bytes(config))
            try zip.add("model.weights.h5", weights)
            return try zip.bytes()
        } catch {
            throw .cannotWrite(underlying: error)
        }
    }

    /// IR operators the exporter translates (for messages and docs).
    public static let supportedOperators = [
        "CONV_2D", "DEPTHWISE_CONV_2D", "SEPARABLE_CONV_2D", "TRANSPOSE_CONV", "FULLY_CONNECTED", "AVERAGE_POOL_2D",
        "MAX_POOL_2D", "MEAN", "REDUCE_MAX", "ADD", "SUB", "MUL", "MAXIMUM", "MINIMUM", "RESHAPE", "SQUEEZE",
        "TRANSPOSE", "PAD", "SLICE", "RESIZE_NEAREST_NEIGHBOR", "CONCATENATION", "IDENTITY", "BATCH_NORMALIZATION",
        "LAYER_NORMALIZATION", "SOFTMAX", "LOGISTIC", "TANH", "RELU", "RELU6", "HARD_SWISH", "GELU", "SOFTPLUS", "EXP",
        "HARD_SIGMOID", "LEAKY_RELU", "ELU", "CLAMPED_RELU", "PRELU",
    ]
}
