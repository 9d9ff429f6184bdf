// TEMPORARY (activations helper): compares both engines with TFLite Micro outputs in /tmp/gold.
import Foundation
import KingletFormat
import KingletIR
import Testing

@Suite struct ZZTmpTFLMCrossCheck {
    struct TensorSpec: Decodable { let type: String; let shape: [Int]; let scale: String?; let zp: Int? }
    struct Case: Decodable { let op: String; let `in`: TensorSpec; let out: TensorSpec; let input: [Double]; let beta: String?; let alpha: String? }

    func tensor(_ s: TensorSpec, _ name: String) -> Tensor {
        Tensor(name: name, type: s.type == "int8" ? .int8 : .float32, shape: s.shape,
               quantization: s.scale.map { Quantization(scale: Float($0)!, zeroPoint: s.zp!) })
    }

    @Test func crossCheck() throws {
        guard let casesData = FileManager.default.contents(atPath: "/tmp/gold/cases.json"),
              let outData = FileManager.default.contents(atPath: "/tmp/gold/outputs.json") else { return }
        let cases = try JSONDecoder().decode([Case].self, from: casesData)
        let outs = try JSONDecoder().decode([[Double]].self, from: outData)
        var failures = 0
        var refused = 0
        for (i, c) in cases.enumerated() {
            let kind: OperatorKind
            switch c.op {
            case "SOFTMAX": kind = .softmax(beta: Float(c.beta ?? "1")!)
            case "LOGISTIC": kind = .logistic
            case "TANH": kind = .tanh
            case "RELU": kind = .relu
            case "RELU6": kind = .relu6
            case "LEAKY_RELU": kind = .leakyRelu(alpha: Float(c.alpha!)!)
            case "HARD_SWISH": kind = .hardSwish
            case "QUANTIZE": kind = .quantize
            default: kind = .dequantize
            }
            var g = Graph()
            let a = g.add(tensor(c.in, "x"))
            let b = g.add(tensor(c.out, "y"))
            g.operators = [Operator(kind: kind, inputs: [a], outputs: [b])]
            g.inputs = [a]; g.outputs = [b]
            let bytes: [UInt8]
            do { bytes = try BothEngines.lower(g) } catch {
                refused += 1
                print("case \(i) \(c.op) refused: \(error)")
                continue
            }
            let inBytes: [UInt8] = c.in.type == "int8"
                ? c.input.map { UInt8(bitPattern: Int8($0)) }
                : c.input.flatMap { v in withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { Array($0) } }
            let (s, cc) = try BothEngines.run(bytes, inputs: [inBytes])
            let expected: [UInt8] = c.out.type == "int8"
                ? outs[i].map { UInt8(bitPattern: Int8($0)) }
                : outs[i].flatMap { v in withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { Array($0) } }
            if s[0] != expected || cc[0] != expected {
                failures += 1
                let diffs = (0..<expected.count).filter { s[0][$0] != expected[$0] || cc[0][$0] != expected[$0] }.prefix(5)
                print("case \(i) \(c.op) in \(c.in.scale ?? "-")/\(c.in.zp ?? 0) out \(c.out.scale ?? "-")/\(c.out.zp ?? 0): \(diffs.map { "[\($0)] x=\(c.input[min($0, c.input.count - 1)]) tflm=\(expected[$0]) swift=\(s[0][$0]) c=\(cc[0][$0])" })")
            }
        }
        print("cross-check: \(cases.count) cases, \(failures) failures, \(refused) refused")
        #expect(failures == 0)
    }
}
