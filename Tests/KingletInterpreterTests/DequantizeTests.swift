import KingletFormat
import KingletIR
import Testing

/// DEQUANTIZE int8 → float32: both engines agree over all 256 inputs, match TFLite Micro bit
/// for bit, and hand-computed values.
@Suite struct DequantizeTests {
    @Test(arguments: ActivationHarness.goldens("DEQUANTIZE"))
    func matchesTFLiteMicro(_ golden: ActivationGolden) throws {
        #expect(try golden.mismatches() == [])
    }

    static func graph(scale: Float, zeroPoint: Int) -> Graph {
        OneOpGraph.make(.dequantize, operands: [OneOpGraph.int8("x", [256], scale: scale, zeroPoint: zeroPoint)],
                        output: Tensor(name: "y", type: .float32, shape: [256]))
    }

    static func floats(_ bytes: [UInt8]) -> [Float] {
        stride(from: 0, to: bytes.count, by: 4).map { i in
            Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[i + $1]) << (8 * UInt32($1)) })
        }
    }

    /// y = scale · (x − zp), computed in Double and rounded once, equals the Float product.
    @Test(arguments: [(Float(0.5), 3), (0.0173, 9), (1.5, -128), (0.000123, 127), (3.0e-38, 0), (1e30, -1)])
    func allInputs(scale: Float, zeroPoint: Int) throws {
        let input = ActivationHarness.allInt8.map { UInt8(bitPattern: $0) }
        let (swift, c) = try BothEngines.run(try BothEngines.lower(Self.graph(scale: scale, zeroPoint: zeroPoint)), inputs: [input])
        #expect(swift == c)
        let y = Self.floats(swift[0])
        for (x, got) in zip(ActivationHarness.allInt8, y) {
            let expected = Float(Double(scale) * Double(Int(x) - zeroPoint))
            #expect(got.bitPattern == expected.bitPattern, "x \(x): got \(got), expected \(expected)")
        }
        if scale == 0.5 {
            #expect(y[128 + 7] == 2 && y[0] == -65.5 && y[128 + 3] == 0)
        }
    }

    @Test func hostileOptionsAreRefusedByBothEngines() throws {
        let program = try ActivationHarness.program(Self.graph(scale: 0.5, zeroPoint: 0))
        #expect(try ActivationHarness.acceptance(program, slot: DequantizeOptions.inputZeroPoint.rawValue, value: 128) == false)
        for value in [Int32(0), Int32(bitPattern: Float.infinity.bitPattern), Int32(bitPattern: (-2 as Float).bitPattern)] {
            #expect(try ActivationHarness.acceptance(program, slot: DequantizeOptions.scaleBits.rawValue, value: value) == false)
        }
    }
}
