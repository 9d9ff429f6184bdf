import KingletPasses

/// How `kinglet compile` quantizes a float model.
public struct QuantizationOptions: Sendable {
    /// The range method; nil tries `automaticCandidates` and lets `RangeMethodChoice` pick.
    public var method: CalibrationMethod?
    /// Keep float32 model inputs/outputs (QUANTIZE/DEQUANTIZE at the edges).
    public var floatIO: Bool
    public var stripNames: Bool
    /// Bias correction: always, never (the default; still measured for the report), or
    /// when it raises the output SQNR on held-out calibration samples.
    public var biasCorrection: Switch

    public enum Switch: String, Sendable {
        case on, off, auto
    }

    /// Cross-layer equalization: always, never (default), or when it raises the held-out SQNR.
    public var equalization: Switch
    /// Move a leading per-channel Normalization out of the graph into the input's
    /// normalization (format 1.3), so raw features keep one int8 scale each
    /// (AbsorbInputNormalization). On by default.
    public var absorbInputNormalization = true
    /// Low-rank decomposition, channel pruning and magnitude pruning before quantization.
    public var compression = CompressionOptions()
    /// Activation ranges by tensor name that quantization-aware training learned; they
    /// replace the calibrated ranges (min/max of calibration stands in for any other tensor).
    /// Set by the compression pipeline, never by a user.
    var learnedRanges: [String: ClosedRange<Float>]?
    /// Low-rank decomposition of Dense and Conv2D layers before quantization, or nil.
    public var lowRank: LowRankDecomposition.Policy? {
        get { compression.lowRank }
        set { compression.lowRank = newValue }
    }
    /// Store pruned weights sparse where smaller (format 1.4); false keeps them dense.
    public var sparseWeights = true
    /// Layers with int16 activations (16x8).
    public var int16: Int16Choice = .none

    public enum Int16Choice: Sendable, Hashable {
        case none
        /// By layer name.
        case layers([String])
        /// Where it raises the output SQNR (see QuantizingCompiler.autoInt16).
        case auto
    }

    public init(method: CalibrationMethod? = nil, floatIO: Bool = false, stripNames: Bool = false,
                biasCorrection: Switch = .off, equalization: Switch = .off) {
        self.equalization = equalization
        self.method = method
        self.floatIO = floatIO
        self.stripNames = stripNames
        self.biasCorrection = biasCorrection
    }

    /// The methods tried when none is chosen (RangeMethodChoice picks one).
    public static let automaticCandidates: [CalibrationMethod] = [.minMax, .percentile(99.99), .mse, .entropy]
}
