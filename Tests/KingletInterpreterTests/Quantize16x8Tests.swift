import KingletFormat
import KingletIR
@testable import KingletInterpreter
import KingletTestSupport
import Testing

/// The 16x8 edges: QUANTIZE float32 → int16, int8 → int16, int16 → int8, int16 → int16
/// (QuantizeS16 / kgl_quantize_s16), DEQUANTIZE int16 → float32 (DequantizeS16 /
/// kgl_dequantize_s16), RESHAPE of int16, and the int64 rescale itself. Both engines agree,
/// with hand-computed values and TFLite Micro's formulas.
@Suite struct Quantize16x8Tests {
    static let allInt8: [Int8] = (-128...127).map { Int8($0) }
    /// Every 97th int16 value plus both ends and the values around 0.
    static let int16Sample: [Int16] = Array(stride(from: Int(Int16.min), through: Int(Int16.max), by: 97).map { Int16($0) })
        + [.max, -2, -1, 0, 1, 2]

    static func quantize(_ input: Tensor, _ output: Tensor) -> Graph {
        OneOpGraph.make(.quantize, operands: [input], output: output)
    }

    static func run(_ graph: Graph, _ input: [UInt8]) throws -> [UInt8] {
        let (swift, c) = try BothEngines.run(try BothEngines.lower(graph), inputs: [input])
        #expect(swift == c, "engines disagree: \(BothEngines.mismatches(swift, c))")
        return swift[0]
    }

    // MARK: QUANTIZE

    /// Scale 0.5: 1.25 / 0.5 = 2.5 → 3, −2.5 → −3 (ties away from zero); 20000 → 40000 clamps
    /// at 32767; NaN gives the zero point; ±∞ and huge values saturate.
    @Test func handComputedFromFloat() throws {
        let x: [Float] = [1.25, -1.25, 0.2, 20000, -20000, .nan, .infinity, -.infinity, 1e30, 16383.75]
        let g = Self.quantize(Tensor(name: "x", type: .float32, shape: [x.count]), SixteenBit.int16("y", [x.count], scale: 0.5))
        let y = SixteenBit.int16Values(try Self.run(g, QuantizeTests.floatBytes(x)))
        #expect(y == [3, -3, 0, 32767, -32768, 0, 32767, -32768, 32767, 32767])
        // A zero point other than 0 is applied (TFLite's AffineQuantize takes any).
        let shifted = Self.quantize(Tensor(name: "x", type: .float32, shape: [2]),
                                    SixteenBit.int16("y", [2], scale: 0.5, zeroPoint: -100))
        #expect(SixteenBit.int16Values(try Self.run(shifted, QuantizeTests.floatBytes([1.25, 0]))) == [-97, -100])
    }

    @Test func randomFloatsMatchAffineQuantize() throws {
        var rng = SeededGenerator(seed: 0x16F)
        for scale in [Float(0.000123), 0.5, 3.3e-5, 0.0078125] {
            let x = (0..<2000).map { _ in Float.random(in: -40000...40000, using: &rng) * scale }
            let g = Self.quantize(Tensor(name: "x", type: .float32, shape: [x.count]), SixteenBit.int16("y", [x.count], scale: scale))
            let y = SixteenBit.int16Values(try Self.run(g, QuantizeTests.floatBytes(x)))
            for (v, got) in zip(x, y) {
                let q = (v / scale).rounded(.toNearestOrAwayFromZero)
                #expect(Int(got) == Int(max(-32768, min(32767, q))), "\(v) / \(scale)")
            }
        }
    }

    /// int8 (scale 0.01, zp −5) → int16 (scale 0.0001): ×100 exactly (multiplier 2^30 · 100 /
    /// 128, shift 7): −5 → 0, 10 → 1500, 127 → 13200, −128 → −12300.
    @Test func handComputedInt8ToInt16() throws {
        let g = Self.quantize(OneOpGraph.int8("x", [256], scale: 0.01, zeroPoint: -5), SixteenBit.int16("y", [256], scale: 0.0001))
        let y = SixteenBit.int16Values(try Self.run(g, Self.allInt8.map { UInt8(bitPattern: $0) }))
        #expect(y[128 - 5] == 0 && y[128 + 10] == 1500 && y[255] == 13200 && y[0] == -12300)
        for (x, got) in zip(Self.allInt8, y) { #expect(Int(got) == (Int(x) + 5) * 100) }
    }

    /// int16 (scale 0.001) → int8 (scale 0.1, zp 3): ×0.01 (multiplier 1374389535, shift −6),
    /// TFLite's double rounding: 150 → high multiply 96 → 96 / 64 = 1.5 → 2 (away from zero)
    /// → 5; −150 → −2 → 1; the ends clamp to 127 and −128.
    @Test func handComputedInt16ToInt8() throws {
        let g = Self.quantize(SixteenBit.int16("x", [4], scale: 0.001), OneOpGraph.int8("y", [4], scale: 0.1, zeroPoint: 3))
        let y = try Self.run(g, SixteenBit.int16Bytes([150, -150, .max, .min])).map { Int8(bitPattern: $0) }
        #expect(y == [5, 1, 127, -128])
    }

    /// int16 → int16, scale 0.0002 → 0.00035 (about 4/7; the float scales' ratio in double
    /// gives multiplier 1227133526, shift 0): 7000 → 4000, −7000 → −4000, 3 → 1.71 → 2; and
    /// against Requantize over a sample.
    @Test func handComputedInt16ToInt16() throws {
        let g = Self.quantize(SixteenBit.int16("x", [Self.int16Sample.count], scale: 0.0002),
                              SixteenBit.int16("y", [Self.int16Sample.count], scale: 0.00035))
        let y = SixteenBit.int16Values(try Self.run(g, SixteenBit.int16Bytes(Self.int16Sample)))
        let m = QuantizedMultiplier(Double(Float(0.0002)) / Double(Float(0.00035)))
        #expect(m == QuantizedMultiplier(multiplier: 1_227_133_526, shift: 0))
        for (x, got) in zip(Self.int16Sample, y) {
            let expected = Reference.requantize(Int64(x), multiplier: m.multiplier, shift: m.shift)
            #expect(Int64(got) == max(-32768, min(32767, expected)), "x \(x)")
        }
        let hand = Self.quantize(SixteenBit.int16("x", [3], scale: 0.0002), SixteenBit.int16("y", [3], scale: 0.00035))
        #expect(SixteenBit.int16Values(try Self.run(hand, SixteenBit.int16Bytes([7000, -7000, 3]))) == [4000, -4000, 2])
    }

    /// Zero points of int16 tensors in QUANTIZE are applied, as Requantize does.
    @Test func int16ZeroPointsAreApplied() throws {
        let g = Self.quantize(SixteenBit.int16("x", [3], scale: 1, zeroPoint: 1000),
                              SixteenBit.int16("y", [3], scale: 1, zeroPoint: -1000))
        #expect(SixteenBit.int16Values(try Self.run(g, SixteenBit.int16Bytes([1000, .max, .min]))) == [-1000, 30767, -32768])
    }

    @Test func loweringRefusals() {
        // A zero point outside int16, a per-channel int16 tensor, a ratio beyond 2^30.
        let badZero = Self.quantize(OneOpGraph.int8("x", [2], scale: 1, zeroPoint: 0),
                                    SixteenBit.int16("y", [2], scale: 1, zeroPoint: 40000))
        #expect(OneOpGraph.loweringError(badZero) != nil)
        let huge = Self.quantize(SixteenBit.int16("x", [2], scale: 1e6), SixteenBit.int16("y", [2], scale: 1e-5))
        #expect(OneOpGraph.loweringError(huge) != nil)
        let int32Output = Self.quantize(SixteenBit.int16("x", [2], scale: 1),
                                        Tensor(name: "y", type: .int32, shape: [2], quantization: Quantization(scale: 1, zeroPoint: 0)))
        #expect(OneOpGraph.loweringError(int32Output) != nil)
    }

    @Test func hostileOptionsAreRefusedByBothEngines() throws {
        typealias O = QuantizeOptions
        let requantize = try ActivationHarness.program(Self.quantize(SixteenBit.int16("x", [4], scale: 0.001),
                                                                     OneOpGraph.int8("y", [4], scale: 0.1, zeroPoint: 3)))
        for (slot, value) in [(O.outputZeroPoint, Int32(128)), (.inputOffset, 32768), (.inputOffset, -32769),
                              (.multiplier, -1), (.shift, 31), (.shift, -32)] {
            #expect(try ActivationHarness.acceptance(requantize, slot: slot.rawValue, value: value) == false, "\(slot) = \(value)")
        }
        // An int16 input offset is legal here (and not in the int8 QUANTIZE).
        #expect(try ActivationHarness.acceptance(requantize, slot: O.inputOffset.rawValue, value: -32768) == true)
        let toInt16 = try ActivationHarness.program(Self.quantize(OneOpGraph.int8("x", [4], scale: 0.01, zeroPoint: 0),
                                                                  SixteenBit.int16("y", [4], scale: 0.0001)))
        for (slot, value) in [(O.outputZeroPoint, Int32(32768)), (.inputOffset, 128), (.shift, 31)] {
            #expect(try ActivationHarness.acceptance(toInt16, slot: slot.rawValue, value: value) == false, "\(slot) = \(value)")
        }
        #expect(try ActivationHarness.acceptance(toInt16, slot: O.outputZeroPoint.rawValue, value: -32768) == true)
        let fromFloat = try ActivationHarness.program(Self.quantize(Tensor(name: "x", type: .float32, shape: [4]),
                                                                    SixteenBit.int16("y", [4], scale: 0.5)))
        for value in [Int32(0), Int32(bitPattern: Float.infinity.bitPattern), Int32(bitPattern: (-1 as Float).bitPattern)] {
            #expect(try ActivationHarness.acceptance(fromFloat, slot: O.scaleBits.rawValue, value: value) == false)
        }
        #expect(try ActivationHarness.acceptance(fromFloat, slot: O.outputZeroPoint.rawValue, value: 32768) == false)
        // Legal extremes run to the same bytes in both engines.
        var extreme = requantize
        extreme.operators[0].options[O.multiplier.rawValue] = Int32.max
        extreme.operators[0].options[O.shift.rawValue] = 30
        extreme.operators[0].options[O.inputOffset.rawValue] = -32768
        let (swift, c) = try BothEngines.run(try KglWriter.write(extreme), inputs: [SixteenBit.int16Bytes([.max, .min, 0, 1])])
        #expect(swift == c)
    }

    // MARK: DEQUANTIZE

    /// y = scale · (x − zp) in Double rounded once equals the Float product, for int16 too.
    @Test(arguments: [(Float(0.5), 0), (0.000123, 0), (3.0e-5, 100), (1e30, -32768), (7.77e-3, 32767)])
    func dequantizeMatchesDoubleProduct(scale: Float, zeroPoint: Int) throws {
        let g = OneOpGraph.make(.dequantize, operands: [SixteenBit.int16("x", [Self.int16Sample.count], scale: scale, zeroPoint: zeroPoint)],
                                output: Tensor(name: "y", type: .float32, shape: [Self.int16Sample.count]))
        let y = DequantizeTests.floats(try Self.run(g, SixteenBit.int16Bytes(Self.int16Sample)))
        for (x, got) in zip(Self.int16Sample, y) {
            let expected = Float(Double(scale) * Double(Int(x) - zeroPoint))
            #expect(got.bitPattern == expected.bitPattern, "x \(x): got \(got), expected \(expected)")
        }
        if scale == 0.5 {
            #expect(y.last! == 1 && y[Self.int16Sample.count - 6] == 16383.5 && y[0] == -16384)
        }
    }

    @Test func dequantizeHostileOptions() throws {
        let g = OneOpGraph.make(.dequantize, operands: [SixteenBit.int16("x", [4], scale: 0.5)],
                                output: Tensor(name: "y", type: .float32, shape: [4]))
        let program = try ActivationHarness.program(g)
        #expect(try ActivationHarness.acceptance(program, slot: DequantizeOptions.inputZeroPoint.rawValue, value: 32768) == false)
        #expect(try ActivationHarness.acceptance(program, slot: DequantizeOptions.inputZeroPoint.rawValue, value: -32768) == true)
        #expect(try ActivationHarness.acceptance(program, slot: DequantizeOptions.scaleBits.rawValue, value: 0) == false)
    }

    // MARK: RESHAPE

    /// RESHAPE copies int16 bytes unchanged (the int8 kernel is type-generic).
    @Test func reshapeCopiesInt16() throws {
        let g = OneOpGraph.make(.reshape, operands: [SixteenBit.int16("x", [2, 3], scale: 0.1)],
                                output: SixteenBit.int16("y", [3, 2], scale: 0.1))
        let x: [Int16] = [.min, -1, 0, 1, 12345, .max]
        #expect(try SixteenBit.run(g, [x]) == x)
    }

    // MARK: The int64 rescale (MultiplyByQuantizedMultiplier(int64_t, …))

    /// Hand values: the Q15 reduction rounds the multiplier half up ((2^30 + 2^15) >> 16 =
    /// 16384); the shift by 15 − shift rounds half up (1001 · 0.5 = 500.5 → 501, −1001 · 0.5 =
    /// −500.5 → −500); multipliers from 0x7FFF0000 saturate to 0x7FFF (2^20 · 32767 / 2^15 =
    /// 1048544, not 1048560); the int64 result keeps its low 32 bits (2^46 · 2^7 · 0.5 = 2^52
    /// → 0).
    @Test func requantize64HandValues() {
        #expect(multiplyByQuantizedMultiplier(Int64(1000), 1 << 30, 0) == 500)
        #expect(multiplyByQuantizedMultiplier(Int64(1001), 1 << 30, 0) == 501)
        #expect(multiplyByQuantizedMultiplier(Int64(-1001), 1 << 30, 0) == -500)
        #expect(multiplyByQuantizedMultiplier(Int64(1 << 20), 0x7FFF_8000, 0) == 1_048_544)
        #expect(multiplyByQuantizedMultiplier(Int64(1) << 46, 1 << 30, 7) == 0)
        // 1/3 (1431655765, −1 → 21845): 60001 → 20000 where the int32 rescale gives 20001.
        #expect(multiplyByQuantizedMultiplier(Int64(60001), 1_431_655_765, -1) == 20000)
        // Shift 14 (total shift 1: ×2^13) and −31 (total shift 46: ×2^−32) are the ends of the
        // legal range; 2^31 · 2^−32 = 0.5 rounds up to 1, −0.5 up to 0.
        #expect(multiplyByQuantizedMultiplier(Int64(3), 1 << 30, 14) == 3 << 13)
        #expect(multiplyByQuantizedMultiplier(Int64(1) << 31, 1 << 30, -31) == 1)
        #expect(multiplyByQuantizedMultiplier((Int64(1) << 31) - 1, 1 << 30, -31) == 0)
        #expect(multiplyByQuantizedMultiplier(-(Int64(1) << 31), 1 << 30, -31) == 0)
    }

    /// The Swift rescale against the plain restatement over many values.
    @Test func requantize64MatchesReference() {
        var rng = SeededGenerator(seed: 0x64)
        for _ in 0..<20000 {
            let x = Int64.random(in: -(1 << 40)...(1 << 40), using: &rng)
            let m = Int32.random(in: 0...Int32.max, using: &rng)
            let s = Int32.random(in: -31...14, using: &rng)
            #expect(Int64(multiplyByQuantizedMultiplier(x, m, s)) == SixteenBit.requantize64(x, multiplier: m, shift: s),
                    "x \(x) m \(m) s \(s)")
        }
    }
}
