/// The `.kgl` format, defined once. The Swift writer and reader use these layouts, and
/// `kgl_format.h` is generated from them (`swift run kinglet-format-header`); a test fails
/// when the committed header and this definition disagree. docs/FORMAT.md describes it.
public enum FormatSpec {
    /// "KGL\0" read as a little-endian uint32.
    public static let magic: UInt32 = 0x004C_474B
    public static let versionMajor: UInt16 = 1
    /// 1.1: element type int64 (16x8 bias) and the 16x8 variants of CONV_2D,
    /// DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD, QUANTIZE and DEQUANTIZE.
    /// 1.2: SUB (int8; ADD's option layout).
    /// 1.3: input normalization; REDUCE_MAX.
    /// 1.4: sparse constants (location 2, bitmap + nonzero values) for the weights of
    /// CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED.
    /// 1.5: in place (a window's output over its input by rows, ADD's on an input's bytes).
    /// 1.6: fused tensors (location 3): a CONV_2D output that the next operator, an ADD,
    /// consumes in the convolution's pass.
    public static let versionMinor: UInt16 = 6
    /// Sections start at multiples of this; the model bytes and the arena must be aligned to it.
    public static let alignment = 16
    public static let maxRank = 6
    public static let optionSlots = 16
    /// A name field holding this value means "no name".
    public static let noName: UInt32 = 0xFFFF_FFFF

    /// Tensor storage locations.
    public static let locationArena: UInt8 = 0
    public static let locationConstant: UInt8 = 1
    /// Since 1.4: an int8 constant stored as a bitmap of its nonzero elements followed by
    /// their values, rows along `quant_axis` (docs/FORMAT.md, "Sparse constants").
    public static let locationSparse: UInt8 = 2
    /// Since 1.6: an int8 CONV_2D output that is never stored: the next operator, an int8 ADD
    /// that broadcasts nothing, is computed in the convolution's pass (docs/FORMAT.md, "Fused
    /// residual ADD"). Its offset is 0 and it holds no arena byte.
    public static let locationFused: UInt8 = 3

    /// Tensor quantization kinds.
    public static let quantNone: UInt8 = 0
    public static let quantPerTensor: UInt8 = 1
    public static let quantPerChannel: UInt8 = 2

    /// Header flag: a string table with names is present.
    public static let flagHasNames: UInt32 = 1

    public static let header = RecordLayout(cName: "kgl_header", fields: [
        RecordField("magic", .u32),
        RecordField("version_major", .u16),
        RecordField("version_minor", .u16),
        RecordField("header_bytes", .u32),
        RecordField("total_bytes", .u32),
        RecordField("crc32", .u32),
        RecordField("arena_bytes", .u32),
        RecordField("flags", .u32),
        RecordField("tensor_count", .u32),
        RecordField("tensors_offset", .u32),
        RecordField("operator_count", .u32),
        RecordField("operators_offset", .u32),
        RecordField("operand_count", .u32),
        RecordField("operands_offset", .u32),
        RecordField("input_count", .u16),
        RecordField("output_count", .u16),
        RecordField("io_offset", .u32),
        RecordField("data_offset", .u32),
        RecordField("data_bytes", .u32),
        RecordField("strings_offset", .u32),
        RecordField("strings_bytes", .u32),
        RecordField("reserved", .u32),
    ])

    public static let tensor = RecordLayout(cName: "kgl_tensor_record", fields: [
        RecordField("type", .u8),
        RecordField("rank", .u8),
        RecordField("location", .u8),
        RecordField("quant_kind", .u8),
        RecordField("dims", .u32, count: maxRank),
        RecordField("offset", .u32),
        RecordField("bytes", .u32),
        RecordField("zero_point", .i32),
        RecordField("scale", .f32),
        RecordField("quant_axis", .u32),
        RecordField("quant_scales", .u32),
        RecordField("name", .u32),
        RecordField("normalization_channels", .u32),
        RecordField("normalization", .u32),
    ])

    public static let `operator` = RecordLayout(cName: "kgl_operator_record", fields: [
        RecordField("kind", .u16),
        RecordField("input_count", .u8),
        RecordField("output_count", .u8),
        RecordField("operands", .u32),
        RecordField("name", .u32),
        RecordField("reserved", .u32),
        RecordField("options", .i32, count: optionSlots),
    ])

    public static let operators: [OperatorSpec] = [
        OperatorSpec(.conv2D, "CONV_2D", "conv2d", Conv2DOptions.self, inputs: 3...3,
                     int16Activations: true, filter: .outputChannelsFirst),
        OperatorSpec(.depthwiseConv2D, "DEPTHWISE_CONV_2D", "depthwise_conv2d",
                     DepthwiseConv2DOptions.self, inputs: 3...3, int16Activations: true,
                     filter: .depthwise),
        OperatorSpec(.fullyConnected, "FULLY_CONNECTED", "fully_connected",
                     FullyConnectedOptions.self, inputs: 3...3, int16Activations: true,
                     filter: .outputChannelsFirst),
        OperatorSpec(.averagePool2D, "AVERAGE_POOL_2D", "average_pool2d", Pool2DOptions.self,
                     optionsStem: "pool2d", inputs: 1...1),
        OperatorSpec(.maxPool2D, "MAX_POOL_2D", "max_pool2d", Pool2DOptions.self,
                     optionsStem: "pool2d", inputs: 1...1),
        OperatorSpec(.add, "ADD", "add", AddOptions.self, inputs: 2...2, int16Activations: true),
        OperatorSpec(.mul, "MUL", "mul", MulOptions.self, inputs: 2...2),
        OperatorSpec(.reshape, "RESHAPE", "reshape", NoOptions.self, optionsStem: "no",
                     inputs: 1...1),
        OperatorSpec(.softmax, "SOFTMAX", "softmax", SoftmaxOptions.self, inputs: 1...1),
        OperatorSpec(.logistic, "LOGISTIC", "logistic", LogisticOptions.self, inputs: 1...1),
        OperatorSpec(.tanh, "TANH", "tanh", LogisticOptions.self, optionsStem: "logistic",
                     inputs: 1...1),
        OperatorSpec(.relu, "RELU", "relu", ReluOptions.self, inputs: 1...1),
        OperatorSpec(.relu6, "RELU6", "relu6", ReluOptions.self, optionsStem: "relu",
                     inputs: 1...1),
        OperatorSpec(.leakyRelu, "LEAKY_RELU", "leaky_relu", LeakyReluOptions.self,
                     inputs: 1...1),
        OperatorSpec(.hardSwish, "HARD_SWISH", "hard_swish", HardSwishOptions.self,
                     inputs: 1...1),
        OperatorSpec(.pad, "PAD", "pad", PadOptions.self, inputs: 1...1),
        OperatorSpec(.mean, "MEAN", "mean", MeanOptions.self, inputs: 1...1),
        OperatorSpec(.concatenation, "CONCATENATION", "concatenation",
                     ConcatenationOptions.self, inputs: 1...255),
        OperatorSpec(.quantize, "QUANTIZE", "quantize", QuantizeOptions.self, inputs: 1...1,
                     int16Activations: true),
        OperatorSpec(.dequantize, "DEQUANTIZE", "dequantize", DequantizeOptions.self,
                     inputs: 1...1, int16Activations: true),
        OperatorSpec(.sub, "SUB", "sub", AddOptions.self, optionsStem: "add", inputs: 2...2),
        OperatorSpec(.reduceMax, "REDUCE_MAX", "reduce_max", ReduceMaxOptions.self, inputs: 1...1),
    ]
}
