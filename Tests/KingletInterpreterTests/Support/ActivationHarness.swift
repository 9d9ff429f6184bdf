import KingletFormat
import KingletIR

/// Shared by the one-input activation and (de)quantization suites (SOFTMAX, LOGISTIC, TANH,
/// RELU, RELU6, LEAKY_RELU, HARD_SWISH, QUANTIZE, DEQUANTIZE): one-operator graphs, all 256
/// int8 inputs through both engines, TFLite Micro goldens, and hostile-option checks.
enum ActivationHarness {
    /// −128 … 127 in order.
    static let allInt8: [Int8] = (-128...127).map { Int8($0) }

    /// x → y, both int8 with the given quantization.
    static func graph(_ kind: OperatorKind, shape: [Int] = [1, 256], input: (scale: Float, zeroPoint: Int),
                      output: (scale: Float, zeroPoint: Int)) -> Graph {
        OneOpGraph.make(kind, operands: [OneOpGraph.int8("x", shape, scale: input.scale, zeroPoint: input.zeroPoint)],
                        output: OneOpGraph.int8("y", shape, scale: output.scale, zeroPoint: output.zeroPoint))
    }

    /// All 256 int8 values through `kind` in both engines (which must agree); the outputs.
    static func allInputs(_ kind: OperatorKind, input: (scale: Float, zeroPoint: Int),
                          output: (scale: Float, zeroPoint: Int)) throws -> [Int8] {
        try OneOpGraph.run(graph(kind, input: input, output: output), [allInt8])
    }

    /// The lowered program of `graph`, to alter its options in hostile-model tests.
    static func program(_ graph: Graph) throws -> KglProgram {
        try KglLowering.lower(graph, plan: BothEngines.simplePlan(graph))
    }

    /// Writes `program` with option `slot` of its operator set to `value`; whether both engines
    /// accept it (true), both refuse it (false), or they disagree (nil).
    static func acceptance(_ program: KglProgram, slot: Int, value: Int32) throws -> Bool? {
        var changed = program
        var options = changed.operators[0].options
        while options.count <= slot { options.append(0) }
        options[slot] = value
        changed.operators[0].options = options
        let (swift, c) = BothEngines.acceptance(try KglWriter.write(changed))
        switch (swift, c) {
        case (nil, nil): return true
        case (.some, .some): return false
        default: return nil
        }
    }

    /// Runs `program` with the given option slots changed, on all 256 inputs, in both engines;
    /// true when their outputs are identical. For option values a model may legally hold that
    /// no lowering produces (wrapping arithmetic must still be defined and the same).
    static func enginesAgree(_ program: KglProgram, _ changes: [(slot: Int, value: Int32)]) throws -> Bool {
        var changed = program
        for (slot, value) in changes { changed.operators[0].options[slot] = value }
        let (swift, c) = try BothEngines.run(try KglWriter.write(changed), inputs: [allInt8.map { UInt8(bitPattern: $0) }])
        return swift == c
    }

    /// round(v) half away from zero, clamped to int8: quantization of a float reference.
    static func quantize(_ v: Double) -> Int {
        let r = v < 0 ? -((-v) + 0.5).rounded(.down) : (v + 0.5).rounded(.down)
        return Int(min(max(r, -128), 127))
    }

    /// The TFLite Micro goldens of operator `op` (names as in the TFLite schema).
    static func goldens(_ op: String) -> [ActivationGolden] {
        ActivationGoldens.all.filter { $0.op == op }
    }
}

extension ActivationGolden {
    /// The IR operator kind of this golden.
    var kind: OperatorKind {
        switch op {
        case "SOFTMAX": .softmax(beta: parameter ?? 1)
        case "LOGISTIC": .logistic
        case "TANH": .tanh
        case "RELU": .relu
        case "RELU6": .relu6
        case "LEAKY_RELU": .leakyRelu(alpha: parameter ?? 0)
        case "HARD_SWISH": .hardSwish
        case "QUANTIZE": .quantize
        default: .dequantize
        }
    }

    /// The one-operator graph TFLite Micro ran.
    var graph: Graph {
        func tensor(_ name: String, _ scale: Float?, _ zeroPoint: Int) -> Tensor {
            Tensor(name: name, type: scale == nil ? .float32 : .int8, shape: shape,
                   quantization: scale.map { Quantization(scale: $0, zeroPoint: zeroPoint) })
        }
        return OneOpGraph.make(kind, operands: [tensor("x", inputScale, inputZeroPoint)],
                               output: tensor("y", outputScale, outputZeroPoint))
    }

    var input: [UInt8] { Self.bytes(inputHex) }
    var expected: [UInt8] { Self.bytes(outputHex) }

    private static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8).map { $0 <= 57 ? $0 - 48 : $0 - 87 }
        return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    /// Runs the golden in both engines; the mismatches with TFLite Micro (empty when exact).
    func mismatches() throws -> [String] {
        let (swift, c) = try BothEngines.run(try BothEngines.lower(graph), inputs: [input])
        return BothEngines.mismatches([expected], swift).map { "swift: " + $0 }
            + BothEngines.mismatches([expected], c).map { "c: " + $0 }
    }
}
