/// The options of a Keras convolution layer (Conv1D, Conv2D, DepthwiseConv2D,
/// SeparableConv2D, Conv2DTranspose), read once from its config and checked, so each
/// builder only maps them to operators.
struct KerasConvolutionConfig {
    enum Kind {
        case conv1D, conv2D, depthwise, separable, transpose

        /// Spatial axes the kernel spans.
        var rank: Int { self == .conv1D ? 1 : 2 }
    }

    enum Padding: String {
        case valid, same, causal
    }

    /// Output channels; nil for DepthwiseConv2D, whose output is channels × depthMultiplier.
    let filters: Int?
    /// One size per spatial axis, as are `strides` and `dilation`.
    let kernel: [Int]
    let strides: [Int]
    let dilation: [Int]
    let padding: Padding
    /// DepthwiseConv2D and SeparableConv2D; 1 for the others.
    let depthMultiplier: Int
    let useBias: Bool
    let activation: String
    /// Conv2DTranspose's output_padding, when the config gives one.
    let outputPadding: [Int]?

    /// Kernel, stride and dilation sizes beyond this are refused.
    static let maxWindow = 1 << 16

    init(_ options: KerasOptions, kind: Kind) throws {
        let rank = kind.rank
        if kind != .depthwise && kind != .separable {
            // Keras 2 reads a null groups as 1 (`groups or 1`).
            let groups = try options.int("groups", default: 1, null: .meansDefault)
            guard groups == 1 else { throw options.unsupported("groups", "\(groups): grouped convolution (only groups=1)") }
        }
        if kind == .depthwise {
            filters = nil
        } else {
            // Keras 2 converts filters with int(), so 16.0 is 16.
            let filters = try options.int("filters", form: .integral)
            guard filters >= 1 else { throw options.invalid("filters", "\(filters) must be positive") }
            self.filters = filters
        }
        if kind == .depthwise || kind == .separable {
            let multiplier = try options.int("depth_multiplier", default: 1)
            guard multiplier >= 1, multiplier <= Self.maxWindow else {
                throw options.invalid("depth_multiplier", "\(multiplier) must be positive")
            }
            depthMultiplier = multiplier
        } else {
            depthMultiplier = 1
        }
        let ones = [Int](repeating: 1, count: rank)
        kernel = try options.ints("kernel_size", count: rank)
        // Strides and dilation only enter arithmetic, where Keras 3 and tf.keras 2.3 accept 2.0.
        strides = try options.ints("strides", count: rank, default: ones, items: .integral)
        dilation = try options.ints("dilation_rate", count: rank, default: ones, items: .integral)
        for (key, values) in [("kernel_size", kernel), ("strides", strides), ("dilation_rate", dilation)] {
            guard values.allSatisfy({ $0 >= 1 && $0 <= Self.maxWindow }) else {
                throw options.invalid(key, "\(values) must be positive")
            }
        }
        if kind == .transpose && dilation != ones {
            throw options.unsupported("dilation_rate", "\(dilation) for Conv2DTranspose (only 1)")
        }
        padding = Padding(rawValue: try options.padding(allowCausal: kind == .conv1D)) ?? .valid
        outputPadding = kind == .transpose && options.has("output_padding")
            ? try options.ints("output_padding", count: rank) : nil
        useBias = try options.bool("use_bias", default: true)
        activation = try options.activation()
    }

    /// Output channels for an input with `channels`.
    func outputChannels(_ channels: Int) -> Int { filters ?? channels * depthMultiplier }
}
