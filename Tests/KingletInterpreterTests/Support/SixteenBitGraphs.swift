import KingletFormat
import KingletIR
import KingletTestSupport

/// One-operator 16x8 graphs (int16 activations with zero point 0, int8 per-channel weights,
/// int64 bias) and TFLite Micro's 16x8 arithmetic re-stated plainly, for the 16x8 suites.
enum SixteenBit {
    static func int16Bytes(_ values: [Int16]) -> [UInt8] {
        values.flatMap { v in [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)] }
    }

    static func int16Values(_ bytes: [UInt8]) -> [Int16] {
        stride(from: 0, to: bytes.count, by: 2).map { Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) }
    }

    static func int64Bytes(_ values: [Int64]) -> [UInt8] {
        values.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: v) >> (8 * UInt64($0))) } }
    }

    /// An int16 activation tensor (per-tensor scale, zero point 0 unless given).
    static func int16(_ name: String, _ shape: [Int], scale: Float, zeroPoint: Int = 0, data: [Int16]? = nil) -> Tensor {
        Tensor(name: name, type: .int16, shape: shape, quantization: Quantization(scale: scale, zeroPoint: zeroPoint),
               data: data.map(int16Bytes))
    }

    /// Random int16 values, some at the extremes.
    static func random(_ count: Int, using rng: inout SeededGenerator) -> [Int16] {
        (0..<count).map { _ in
            switch Int.random(in: 0..<16, using: &rng) {
            case 0: .min
            case 1: .max
            default: Int16.random(in: .min ... .max, using: &rng)
            }
        }
    }

    /// x (int16) → CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED (int8 weights, int64 bias or
    /// none) → y (int16).
    static func weighted(_ kind: OperatorKind, input: [Int], inputScale: Float, weights: [Int], weightData: [Int8],
                         weightScales: [Float], weightAxis: Int, bias: [Int64]?, output: [Int],
                         outputScale: Float) -> Graph {
        var graph = Graph()
        let x = graph.add(int16("x", input, scale: inputScale))
        let w = graph.add(Tensor(
            name: "w", type: .int8, shape: weights,
            quantization: Quantization(scales: weightScales, zeroPoints: weightScales.map { _ in 0 }, axis: weightAxis),
            data: int8Bytes(weightData)))
        var inputs = [x, w]
        if let bias {
            let biasScales = weightScales.map { inputScale * $0 }
            inputs.append(graph.add(Tensor(
                name: "b", type: .int64, shape: [bias.count],
                quantization: Quantization(scales: biasScales, zeroPoints: biasScales.map { _ in 0 }),
                data: int64Bytes(bias))))
        }
        let y = graph.add(int16("y", output, scale: outputScale))
        graph.operators = [Operator(kind: kind, inputs: inputs, outputs: [y], name: "op")]
        graph.inputs = [x]
        graph.outputs = [y]
        return graph
    }

    /// Runs a graph whose inputs and output are int16 in both engines; the Swift output, after
    /// requiring the C runtime's to be identical.
    static func run(_ graph: Graph, _ inputs: [[Int16]]) throws -> [Int16] {
        let (swift, c) = try BothEngines.run(try BothEngines.lower(graph), inputs: inputs.map(int16Bytes))
        if swift != c {
            throw BothEngines.Failure(description: "engines disagree:\n" + BothEngines.mismatches(swift, c).joined(separator: "\n"))
        }
        return int16Values(swift[0])
    }

    // MARK: - TFLite Micro's 16x8 arithmetic, re-stated in plain (non-wrapping) Int64

    /// MultiplyByQuantizedMultiplier(int64_t x, …): the multiplier reduced to Q15, then a
    /// rounding (half up) shift by 15 − shift, truncated to int32.
    static func requantize64(_ x: Int64, multiplier: Int32, shift: Int32) -> Int64 {
        let reduced: Int64 = multiplier < 0x7FFF_0000 ? (Int64(multiplier) + 32768) / 65536 : 0x7FFF
        let totalShift = Int64(15 - shift)
        let rounded = Reference.floorDivide(x * reduced + (1 << (totalShift - 1)), 1 << totalShift)
        return Int64(Int32(truncatingIfNeeded: rounded))
    }

    /// The clamp CalculateActivationRangeQuantized gives an int16 output with zero point 0.
    static func clamp(_ activation: Activation, scale: Float) -> (Int64, Int64) {
        func q(_ v: Float) -> Int64 { Int64((v / scale).rounded(.toNearestOrAwayFromZero)) }
        switch activation {
        case .none: return (-32768, 32767)
        case .relu: return (max(-32768, q(0)), 32767)
        case .relu6: return (max(-32768, q(0)), min(32767, q(6)))
        case .reluN1To1: return (max(-32768, q(-1)), min(32767, q(1)))
        }
    }

    /// acc (bias included) → int16 output, the multiplier from double(s_in)·double(s_w)/double(s_out).
    static func output(_ acc: Int64, inScale: Float, weightScale: Float, outScale: Float,
                       activation: Activation) -> Int16 {
        let m = QuantizedMultiplier(Double(inScale) * Double(weightScale) / Double(outScale))
        let (lo, hi) = clamp(activation, scale: outScale)
        return Int16(min(max(requantize64(acc, multiplier: m.multiplier, shift: m.shift), lo), hi))
    }
}
