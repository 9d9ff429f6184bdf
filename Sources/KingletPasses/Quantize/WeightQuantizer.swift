import KingletIR

/// The constant-tensor rules of TFLite's full-integer quantization.
public enum WeightQuantizer {
    /// Symmetric int8 per channel along `axis`: scale = max|w| / 127, zero point 0, values in
    /// [-127, 127] rounded half away from zero. An all-zero channel gets scale 1.
    public static func perChannel(_ values: [Float], shape: [Int], axis: Int) -> (data: [Int8], scales: [Float]) {
        let channels = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        var peak = [Float](repeating: 0, count: channels)
        for (i, v) in values.enumerated() {
            let c = (i / inner) % channels
            peak[c] = max(peak[c], abs(v))
        }
        let scales = peak.map { $0 > 0 ? $0 / 127 : 1 }
        var data = [Int8](repeating: 0, count: values.count)
        for (i, v) in values.enumerated() {
            let c = (i / inner) % channels
            let q = (v / scales[c]).rounded(.toNearestOrAwayFromZero)
            data[i] = Int8(max(-127, min(127, q)))
        }
        return (data, scales)
    }

    /// Symmetric int4 per channel along `axis` (`--weights int4`): values in [−7, 7] with
    /// scale = c / 7, where the clipping magnitude c is chosen per channel among
    /// max|w| · (1, 0.99, …, 0.50) to minimise Σ (w − scale · q)² (with 15 levels, clipping a
    /// few large weights buys resolution for the many small ones; ties keep the larger c).
    /// An all-zero channel gets scale 1. Stored as int8 values.
    public static func perChannelInt4(_ values: [Float], shape: [Int], axis: Int) -> (data: [Int8], scales: [Float]) {
        let channels = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        var members = [[Int]](repeating: [], count: channels)
        for i in values.indices { members[(i / inner) % channels].append(i) }
        var scales = [Float](repeating: 1, count: channels)
        var data = [Int8](repeating: 0, count: values.count)
        func level(_ v: Float, _ scale: Float) -> Float { max(-7, min(7, (v / scale).rounded(.toNearestOrAwayFromZero))) }
        for (c, indices) in members.enumerated() {
            let peak = indices.reduce(Float(0)) { max($0, abs(values[$1])) }
            guard peak > 0 else { continue }
            var best: (error: Double, scale: Float)?
            for step in 0...50 {
                let scale = peak * (1 - Float(step) / 100) / 7
                var error = 0.0
                for i in indices {
                    let d = Double(values[i] - scale * level(values[i], scale))
                    error += d * d
                }
                if best == nil || error < best!.error { best = (error, scale) }
            }
            scales[c] = best!.scale
            for i in indices { data[i] = Int8(level(values[i], scales[c])) }
        }
        return (data, scales)
    }

    /// Per channel at `bits` (8: `perChannel`, TFLite's rule; 4: `perChannelInt4`).
    public static func perChannel(_ values: [Float], shape: [Int], axis: Int, bits: Int) -> (data: [Int8], scales: [Float]) {
        bits == 4 ? perChannelInt4(values, shape: shape, axis: axis) : perChannel(values, shape: shape, axis: axis)
    }

    /// int32 bias for an accumulator of scale inputScale · weightScale[c].
    public static func bias(_ values: [Float], inputScale: Float, weightScales: [Float]) -> [Int32] {
        values.enumerated().map { c, v in
            let scale = Double(inputScale) * Double(weightScales[weightScales.count == 1 ? 0 : c])
            let q = (Double(v) / scale).rounded(.toNearestOrAwayFromZero)
            return Int32(max(Double(Int32.min), min(Double(Int32.max), q)))
        }
    }

    /// int64 bias (16x8 layers).
    static func bias64(_ values: [Float], inputScale: Float, weightScales: [Float]) -> [Int64] {
        values.enumerated().map { c, v in
            let scale = Double(inputScale) * Double(weightScales[weightScales.count == 1 ? 0 : c])
            let q = (Double(v) / scale).rounded(.toNearestOrAwayFromZero)
            return Int64(max(-9.0e18, min(9.0e18, q)))
        }
    }

    static func bytes(_ values: [Int64]) -> [UInt8] { bytes64(values) }

    static func bytes64(_ values: [Int64]) -> [UInt8] {
        values.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: v) >> (8 * UInt64($0))) } }
    }

    /// Asymmetric int8 for a constant operand (ADD/MUL): its own range, including 0.
    static func asymmetric(_ values: [Float]) -> (data: [Int8], quantization: ActivationQuantization) {
        let low = min(0, values.min() ?? 0), high = max(0, values.max() ?? 0)
        let q = ActivationQuantization(low: low, high: high)
        let data = values.map { v -> Int8 in
            let x = (v / q.scale).rounded(.toNearestOrAwayFromZero) + Float(q.zeroPoint)
            return Int8(max(-128, min(127, x)))
        }
        return (data, q)
    }

    static func bytes(_ values: [Int8]) -> [UInt8] { values.map { UInt8(bitPattern: $0) } }

    static func bytes(_ values: [Int32]) -> [UInt8] {
        values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: UInt32(bitPattern: v) >> (8 * UInt32($0))) } }
    }
}
