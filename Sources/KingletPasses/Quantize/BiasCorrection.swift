import KingletIR

/// Bias correction (Nagel et al., "Data-Free Quantization", 2019, with calibration means):
/// rounding the weights to int8 shifts each output channel's mean by
/// Σ (dequantized weight − weight) · E[input]; subtracting that from the bias removes it.
enum BiasCorrection {
    /// The expected shift per output channel, or nil when the input means do not fit.
    static func expectedShift(_ kind: OperatorKind, weights: [Float], quantized: [Int8], scales: [Float],
                              shape: [Int], inputMeans: [Float]) -> [Float]? {
        func delta(_ i: Int, channel: Int) -> Double {
            Double(quantized[i]) * Double(scales[channel]) - Double(weights[i])
        }
        switch kind {
        case .conv2D:
            // [out, kh, kw, in]
            guard shape.count == 4, inputMeans.count == shape[3] else { return nil }
            let perChannel = shape[1] * shape[2] * shape[3]
            return (0..<shape[0]).map { c in
                var sum = 0.0
                for k in 0..<perChannel { sum += delta(c * perChannel + k, channel: c) * Double(inputMeans[k % shape[3]]) }
                return Float(sum)
            }
        case .depthwiseConv2D(let attributes):
            // [1, kh, kw, in·m]; output channel o reads input channel o / m.
            guard shape.count == 4, attributes.depthMultiplier > 0,
                  inputMeans.count * attributes.depthMultiplier == shape[3] else { return nil }
            let channels = shape[3]
            return (0..<channels).map { o in
                var sum = 0.0
                for tap in 0..<(shape[1] * shape[2]) { sum += delta(tap * channels + o, channel: o) }
                return Float(sum * Double(inputMeans[o / attributes.depthMultiplier]))
            }
        case .fullyConnected:
            // [units, depth]
            guard shape.count == 2, inputMeans.count == shape[1] else { return nil }
            return (0..<shape[0]).map { u in
                var sum = 0.0
                for k in 0..<shape[1] { sum += delta(u * shape[1] + k, channel: u) * Double(inputMeans[k]) }
                return Float(sum)
            }
        default:
            return nil
        }
    }
}
