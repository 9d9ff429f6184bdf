import KingletFormat
import KingletIO

/// Runs a `.kgl` model over a batch: `.npy` inputs shaped [batch, …input shape] in,
/// `.npy` outputs shaped [batch, …output shape] out.
public enum Runner {
    /// Runs every sample through one engine. Float inputs are normalized (when the input has
    /// an input normalization) and quantized with the input's scale and zero point (round half away from zero, as TFLite); with `dequantize`,
    /// int8 and int16 outputs are returned as float32.
    /// With a `target`, the samples run on that target's test firmware under its emulator
    /// (TargetRunner) instead of in process.
    public static func run(_ kgl: [UInt8], inputs: [NpyArray], engine kind: EngineKind,
                           dequantize: Bool = false, target: Target? = nil) throws -> [NpyArray] {
        let model = try KglModel(bytes: kgl)
        let batches = try samples(model, inputs)
        var outputs = [[UInt8]](repeating: [], count: model.outputs.count)
        if let target {
            for sample in try TargetRunner.run(kgl, samples: batches.samples, on: target) {
                for index in model.outputs.indices { outputs[index] += sample[index] }
            }
        } else {
            var engine = try makeEngine(kind, kgl)
            for sample in 0..<batches.count {
                for (index, bytes) in batches.samples[sample].enumerated() {
                    try engine.setInput(index, bytes: bytes)
                }
                engine.invoke()
                for index in model.outputs.indices { outputs[index] += engine.output(index) }
            }
        }
        return try model.outputs.indices.map { index in
            let tensor = model.tensors[model.outputs[index]]
            let shape = [batches.count] + sampleShape(tensor.shape)
            if dequantize && tensor.type == .int16 {
                let raw = outputs[index]
                let values = stride(from: 0, to: raw.count - 1, by: 2).map { i in
                    Float(Int32(Int16(bitPattern: UInt16(raw[i]) | UInt16(raw[i + 1]) << 8)) - tensor.zeroPoint) * tensor.scale
                }
                return try NpyArray(shape: shape, values: values)
            }
            if dequantize && tensor.type == .int8 {
                let values = outputs[index].map { Float(Int32(Int8(bitPattern: $0)) - tensor.zeroPoint) * tensor.scale }
                return try NpyArray(shape: shape, values: values)
            }
            return try NpyArray(shape: shape, dtype: npyType(tensor.type), data: outputs[index])
        }
    }

    public static func makeEngine(_ kind: EngineKind, _ kgl: [UInt8]) throws -> any Engine {
        switch kind {
        case .c: try CEngine(bytes: kgl)
        case .swift: try SwiftEngine(bytes: kgl)
        }
    }

    /// A model tensor's shape without its leading batch axis of 1.
    static func sampleShape(_ shape: [Int]) -> [Int] {
        shape.first == 1 ? Array(shape.dropFirst()) : shape
    }

    /// The inputs split into per-sample byte arrays in each model input's element type.
    static func samples(_ model: KglModel, _ inputs: [NpyArray]) throws -> (count: Int, samples: [[[UInt8]]]) {
        guard inputs.count == model.inputs.count else {
            throw CompilerError("the model has \(model.inputs.count) input(s), \(inputs.count) --input file(s) given")
        }
        var count: Int?
        var perInput: [[[UInt8]]] = []
        for (index, array) in inputs.enumerated() {
            let tensor = model.tensors[model.inputs[index]]
            let sample = sampleShape(tensor.shape)
            let batch: Int
            if array.shape == tensor.shape && tensor.shape.first == 1 {
                batch = 1
            } else if array.shape.count == sample.count + 1 && Array(array.shape.dropFirst()) == sample {
                batch = array.shape[0]
            } else {
                throw CompilerError("input \(index): array shape \(array.shape) does not fit the model input \(tensor.label) of shape \(tensor.shape); expected [batch] + \(sample)")
            }
            if let count, count != batch {
                throw CompilerError("input \(index) has \(batch) samples, input 0 has \(count)")
            }
            count = batch
            let bytes = try convert(array, to: tensor, index: index)
            let size = tensor.byteCount
            perInput.append((0..<batch).map { Array(bytes[($0 * size)..<(($0 + 1) * size)]) })
        }
        let batch = count ?? 1
        let samples = (0..<batch).map { s in perInput.map { $0[s] } }
        return (batch, samples)
    }

    /// The raw bytes of an input array in the model input's element type.
    static func convert(_ array: NpyArray, to tensor: KglTensor, index: Int) throws -> [UInt8] {
        switch (tensor.type, array.dtype) {
        case (.int8, .int8), (.float32, .float32), (.int16, .int16):
            return array.data
        case (.int16, .float32), (.int16, .float64), (.int16, .uint8), (.int16, .int8), (.int16, .uint16):
            // Real values quantized to a 16x8 model's int16 input.
            guard tensor.scale > 0 else {
                throw CompilerError("input \(index) is real-valued but the model input \(tensor.label) has no scale to quantize with")
            }
            return try normalized(array.floatValues(), tensor).flatMap { v -> [UInt8] in
                let q = UInt16(bitPattern: quantize16(v, scale: tensor.scale, zeroPoint: tensor.zeroPoint))
                return [UInt8(truncatingIfNeeded: q), UInt8(truncatingIfNeeded: q >> 8)]
            }
        case (.int8, .float32), (.int8, .float64), (.int8, .uint8), (.int8, .int16), (.int8, .uint16):
            // Real values (float, or 8/16-bit samples such as uint8 pixels) are quantized.
            guard tensor.scale > 0 else {
                throw CompilerError("input \(index) is float but the model input \(tensor.label) has no scale to quantize with")
            }
            return try normalized(array.floatValues(), tensor).map { UInt8(bitPattern: quantize($0, scale: tensor.scale, zeroPoint: tensor.zeroPoint)) }
        case (.float32, .float64), (.float32, .uint8), (.float32, .int8), (.float32, .int16), (.float32, .uint16):
            return try array.floatValues().flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt32($0))) } }
        default:
            let takes = switch tensor.type {
            case .int8: "int8 (as is), or float32/float64/uint8/int16/uint16 values (quantized)"
            case .int16: "int16 (as is), or float32/float64/int8/uint8/uint16 values (quantized)"
            default: "float32, float64, int8, uint8, int16 or uint16"
            }
            throw CompilerError("input \(index) is \(array.dtype); the model input \(tensor.label) is \(tensor.type), which takes \(takes)")
        }
    }

    /// Real input values after the input's normalization, if it has one (the int8 or int16
    /// input holds normalized values; a float32 input's QUANTIZE normalizes by itself).
    static func normalized(_ values: [Float], _ tensor: KglTensor) -> [Float] {
        tensor.normalization?.apply(values) ?? values
    }

    /// TFLite's float → int8: x / scale in float32, rounded half away from zero, plus the
    /// zero point, clamped to [-128, 127].
    public static func quantize(_ x: Float, scale: Float, zeroPoint: Int32) -> Int8 {
        let scaled = (x / scale).rounded(.toNearestOrAwayFromZero)
        guard scaled.isFinite else { return scaled > 0 ? 127 : -128 }
        let q = Double(scaled) + Double(zeroPoint)
        return Int8(min(max(q, -128), 127))
    }

    /// The same for int16 (16x8 inputs), clamped to [-32768, 32767].
    public static func quantize16(_ x: Float, scale: Float, zeroPoint: Int32) -> Int16 {
        let scaled = (x / scale).rounded(.toNearestOrAwayFromZero)
        guard scaled.isFinite else { return scaled > 0 ? .max : .min }
        let q = Double(scaled) + Double(zeroPoint)
        return Int16(min(max(q, -32768), 32767))
    }

    static func npyType(_ type: KglElementType) -> NpyDType {
        switch type {
        case .int8: .int8
        case .int16: .int16
        case .int32: .int32
        default: .float32
        }
    }
}
