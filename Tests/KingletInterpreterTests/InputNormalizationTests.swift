import KingletFormat
import KingletIO
import KingletIR
import KingletInterpreter
import KingletRuntimeC
import KingletTestSupport
import Testing

/// Format 1.3 input normalization: the QUANTIZE from float32 and `kgl_quantize_f32` map a
/// model input's values through (x − shift[c]) · multiplier[c] before quantizing; both
/// engines agree with each other and with the formula; models that misuse it are refused by
/// both.
@Suite struct InputNormalizationTests {
    static let normalization = InputNormalization(shifts: [10, -0.5, 1000], multipliers: [0.25, 4, 0.003])

    /// x [2, 3] float32 (normalized) → QUANTIZE → int8, scale 0.05, zero point −3.
    static func floatIOGraph(_ normalization: InputNormalization?) -> Graph {
        var input = Tensor(name: "x", type: .float32, shape: [2, 3])
        input.normalization = normalization
        return OneOpGraph.make(.quantize, operands: [input],
                               output: OneOpGraph.int8("y", [2, 3], scale: 0.05, zeroPoint: -3))
    }

    static func expected(_ x: [Float], _ n: InputNormalization, scale: Float, zeroPoint: Int) -> [Int8] {
        x.enumerated().map { i, v in
            let centered = v - n.shifts[i % 3]
            let normalized = centered * n.multipliers[i % 3]
            let q = (normalized / scale).rounded(.toNearestOrAwayFromZero) + Float(zeroPoint)
            return Int8(max(-128, min(127, q)))
        }
    }

    @Test func quantizeFromFloatNormalizesPerChannel() throws {
        let kgl = try BothEngines.lower(Self.floatIOGraph(Self.normalization))
        let model = try KglModel(bytes: kgl)
        #expect(model.tensors[model.inputs[0]].normalization == Self.normalization)
        var rng = SeededGenerator(seed: 13)
        for _ in 0..<50 {
            let x: [Float] = [Float.random(in: 0...20, using: &rng), Float.random(in: -1...0.5, using: &rng),
                              Float.random(in: 900...1100, using: &rng), Float.random(in: 0...20, using: &rng),
                              Float.random(in: -1...0.5, using: &rng), Float.random(in: 900...1100, using: &rng)]
            let (swift, c) = try BothEngines.run(kgl, inputs: [QuantizeTests.floatBytes(x)])
            #expect(swift == c)
            #expect(swift[0].map { Int8(bitPattern: $0) } == Self.expected(x, Self.normalization, scale: 0.05, zeroPoint: -3))
        }
        // Ties after normalization: (10.1 − 10) · 0.25 is not exact, but (12 − 10) · 0.25 = 0.5
        // is: 0.5 / 0.05 = 10 exactly.
        let (swift, _) = try BothEngines.run(kgl, inputs: [QuantizeTests.floatBytes([12, -0.5, 1000, 10, 0, 1100])])
        #expect(swift[0].map { Int8(bitPattern: $0) } == [7, -3, -3, -3, 37, 3])
    }

    /// An int8 model input with a normalization: kgl_quantize_f32 applies it, as the formula.
    @Test func quantizeHelperNormalizesAnInt8Input() throws {
        var input = OneOpGraph.int8("x", [2, 3], scale: 0.05, zeroPoint: -3)
        input.normalization = Self.normalization
        let graph = OneOpGraph.make(.relu, operands: [input],
                                    output: OneOpGraph.int8("y", [2, 3], scale: 0.05, zeroPoint: -3))
        let kgl = try BothEngines.lower(graph)
        let x: [Float] = [12, -0.5, 1000, 14.3, 0.125, 1033]
        let aligned = UnsafeMutableRawBufferPointer.allocate(byteCount: kgl.count, alignment: 16)
        defer { aligned.deallocate() }
        aligned.copyBytes(from: kgl)
        var arenaBytes = 0
        #expect(kgl_model_arena_size(aligned.baseAddress, kgl.count, &arenaBytes) == KGL_OK)
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: max(16, arenaBytes), alignment: 16)
        defer { arena.deallocate() }
        var model = kgl_model()
        #expect(kgl_model_init(&model, aligned.baseAddress, kgl.count, arena.baseAddress, arena.count) == KGL_OK)
        var tensor = kgl_tensor()
        #expect(kgl_model_input(&model, 0, &tensor) == KGL_OK)
        #expect(tensor.normalization_channels == 3)
        #expect(kgl_quantize_f32(&tensor, x, x.count) == KGL_OK)
        let written = (0..<x.count).map { Int8(bitPattern: tensor.data.load(fromByteOffset: $0, as: UInt8.self)) }
        #expect(written == Self.expected(x, Self.normalization, scale: 0.05, zeroPoint: -3))
    }

    /// Damaged normalization fields: both engines refuse the model.
    @Test func misusedNormalizationsAreRefusedByBoth() throws {
        let kgl = try BothEngines.lower(Self.floatIOGraph(Self.normalization))
        let model = try KglModel(bytes: kgl)
        let record = { (tensor: Int) in model.header.tensorsOffset + tensor * FormatSpec.tensor.byteCount }
        func patched(_ tensor: Int, _ field: String, _ value: UInt32) -> [UInt8] {
            var bytes = kgl
            let at = record(tensor) + FormatSpec.tensor.offset(of: field)
            for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(k))) }
            return Self.withFixedCRC(bytes)
        }
        let input = model.inputs[0], output = model.outputs[0]
        let offset = UInt32(model.tensors[input].normalizationOffset(in: kgl, model: model))
        var nan = kgl
        let nanAt = model.header.dataOffset + Int(offset) + 4
        for (k, byte) in [UInt8]([0x00, 0x00, 0xC0, 0x7F]).enumerated() { nan[nanAt + k] = byte }
        let cases: [(String, [UInt8])] = [
            ("on a model output", patched(output, "normalization_channels", 3)),
            ("channels not the last dimension", patched(input, "normalization_channels", 2)),
            ("outside the data section", patched(input, "normalization", UInt32(model.header.dataBytes))),
            ("misaligned", patched(input, "normalization", offset + 2)),
            ("offset without channels", patched(output, "normalization", 4)),
            ("NaN shift", Self.withFixedCRC(nan)),
        ]
        for (what, bytes) in cases {
            let (swift, c) = BothEngines.acceptance(bytes)
            #expect(swift != nil && c != nil, "\(what): swift \(swift ?? "accepts"), C \(c.map { "\($0)" } ?? "accepts")")
        }
    }

    static func withFixedCRC(_ bytes: [UInt8]) -> [UInt8] {
        var fixed = bytes
        let crc = CRC32.checksum(Array(fixed[FormatSpec.header.byteCount...]))
        for k in 0..<4 { fixed[16 + k] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(k))) }
        return fixed
    }
}

extension KglTensor {
    /// The raw `normalization` field of this tensor's record.
    func normalizationOffset(in bytes: [UInt8], model: KglModel) -> Int {
        let at = model.header.tensorsOffset + index * FormatSpec.tensor.byteCount + FormatSpec.tensor.offset(of: "normalization")
        return (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) }
    }
}
