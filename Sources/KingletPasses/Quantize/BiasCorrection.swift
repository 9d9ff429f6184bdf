import KingletIR

/// Bias correction (Nagel et al., "Data-Free Quantization", 2019, with calibration means):
/// rounding the weights to int8 shifts each output channel's mean by
/// Σ (dequantized weight − weight) · E[input]; subtracting that from the bias removes it.
public enum BiasCorrection {
    /// The expected shift per output channel, or nil when the input means do not fit.
    static func expectedShift(_ kind: OperatorKind, weights: [Float], quantized: [Int8], scales: [Float],
                              shape: [Int], inputMeans: [Float]) -> [Float]? {
        let channels = shape.isEmpty ? 1 : (isDepthwise(kind) ? shape[shape.count - 1] : shape[0])
        let inner = weights.count / max(channels, 1)
        let delta = weights.indices.map { i -> Double in
            let channel = scales.count == 1 ? 0 : (isDepthwise(kind) ? i % channels : i / inner)
            return Double(quantized[i]) * Double(scales[channel]) - Double(weights[i])
        }
        return meanShift(kind, delta: delta, shape: shape, inputMeans: inputMeans)
    }

    /// Σ delta · E[input] per output channel of a CONV_2D [out, kh, kw, in], DEPTHWISE_CONV_2D
    /// [1, kh, kw, in·m] or FULLY_CONNECTED [units, depth] whose weights change by `delta`
    /// (the mean input of a tap is its channel's mean), or nil when the means do not fit.
    public static func meanShift(_ kind: OperatorKind, delta: [Double], shape: [Int], inputMeans: [Float]) -> [Float]? {
        switch kind {
        case .conv2D:
            guard shape.count == 4, inputMeans.count == shape[3] else { return nil }
            let perChannel = shape[1] * shape[2] * shape[3]
            return (0..<shape[0]).map { c in
                var sum = 0.0
                for k in 0..<perChannel { sum += delta[c * perChannel + k] * Double(inputMeans[k % shape[3]]) }
                return Float(sum)
            }
        case .depthwiseConv2D(let attributes):
            // Output channel o reads input channel o / m.
            guard shape.count == 4, attributes.depthMultiplier > 0,
                  inputMeans.count * attributes.depthMultiplier == shape[3] else { return nil }
            let channels = shape[3]
            return (0..<channels).map { o in
                var sum = 0.0
                for tap in 0..<(shape[1] * shape[2]) { sum += delta[tap * channels + o] }
                return Float(sum * Double(inputMeans[o / attributes.depthMultiplier]))
            }
        case .fullyConnected:
            guard shape.count == 2, inputMeans.count == shape[1] else { return nil }
            return (0..<shape[0]).map { u in
                var sum = 0.0
                for k in 0..<shape[1] { sum += delta[u * shape[1] + k] * Double(inputMeans[k]) }
                return Float(sum)
            }
        default:
            return nil
        }
    }

    static func isDepthwise(_ kind: OperatorKind) -> Bool {
        if case .depthwiseConv2D = kind { return true }
        return false
    }
}
