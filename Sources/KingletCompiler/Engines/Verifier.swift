import KingletFormat
import KingletIO

/// Runs the Swift interpreter and the C runtime side by side, operator by operator, and
/// reports the first operator whose output bytes differ.
public enum Verifier {
    public struct Mismatch: Sendable, CustomStringConvertible {
        public let sample: Int
        public let operatorLabel: String
        public let output: Int
        public let element: Int
        public let swiftValue: Int
        public let cValue: Int
        public let differing: Int
        /// What computed `cValue`: the C runtime in process ("c"), or a target's name.
        public var engine = "c"

        public var description: String {
            "sample \(sample): \(operatorLabel) output \(output) differs at element \(element) (swift \(swiftValue), \(engine) \(cValue)); \(differing) element(s) differ"
        }
    }

    public struct Result: Sendable {
        public let samples: Int
        public let operators: Int
        public let outputBytes: Int
        public let mismatch: Mismatch?
    }

    public static func verify(_ kgl: [UInt8], inputs: [NpyArray]) throws -> Result {
        let model = try KglModel(bytes: kgl)
        let batches = try Runner.samples(model, inputs)
        var swift = try SwiftEngine(bytes: kgl)
        let c = try CEngine(bytes: kgl)
        var outputBytes = 0
        for sample in 0..<batches.count {
            for (index, bytes) in batches.samples[sample].enumerated() {
                try swift.setInput(index, bytes: bytes)
                try c.setInput(index, bytes: bytes)
            }
            for (index, op) in model.operators.enumerated() {
                swift.invokeOperator(index)
                c.invokeOperator(index)
                // A fused output (format 1.6) has no bytes in C: its ADD's output, the next
                // operator's, is compared there.
                for output in op.outputs.indices where model.tensors[op.outputs[output]].location != .fused {
                    let a = swift.operatorOutput(index, output)
                    let b = c.operatorOutput(index, output)
                    if a != b {
                        return Result(samples: batches.count, operators: model.operators.count, outputBytes: outputBytes,
                                      mismatch: mismatch(a, b, model.tensors[op.outputs[output]], sample: sample,
                                                         label: op.label, output: output, engine: "c"))
                    }
                }
            }
            for index in model.outputs.indices { outputBytes += swift.output(index).count }
        }
        return Result(samples: batches.count, operators: model.operators.count, outputBytes: outputBytes, mismatch: nil)
    }

    /// Runs every sample on `target` (TargetRunner) and in the Swift interpreter and compares
    /// the model outputs byte for byte (a target shows only its outputs, not every operator's).
    public static func verify(_ kgl: [UInt8], inputs: [NpyArray], target: Target) throws -> Result {
        let model = try KglModel(bytes: kgl)
        let batches = try Runner.samples(model, inputs)
        let onTarget = try TargetRunner.run(kgl, samples: batches.samples, on: target)
        var swift = try SwiftEngine(bytes: kgl)
        var outputBytes = 0
        for sample in 0..<batches.count {
            for (index, bytes) in batches.samples[sample].enumerated() {
                try swift.setInput(index, bytes: bytes)
            }
            swift.invoke()
            for output in model.outputs.indices {
                let a = swift.output(output)
                let b = onTarget[sample][output]
                let tensor = model.tensors[model.outputs[output]]
                if a != b {
                    return Result(samples: batches.count, operators: model.operators.count, outputBytes: outputBytes,
                                  mismatch: mismatch(a, b, tensor, sample: sample, label: "model output \(tensor.label)",
                                                     output: output, engine: target.name))
                }
                outputBytes += a.count
            }
        }
        return Result(samples: batches.count, operators: model.operators.count, outputBytes: outputBytes, mismatch: nil)
    }

    /// Where the Swift bytes `a` and the other engine's bytes `b` of one tensor differ.
    private static func mismatch(_ a: [UInt8], _ b: [UInt8], _ tensor: KglTensor, sample: Int, label: String,
                                 output: Int, engine: String) -> Mismatch {
        let size = tensor.type.byteCount ?? 1
        let differing = (0..<(a.count / size)).filter { a[($0 * size)..<(($0 + 1) * size)] != b[($0 * size)..<(($0 + 1) * size)] }
        let first = differing.first ?? 0
        var mismatch = Mismatch(sample: sample, operatorLabel: label, output: output, element: first,
                                swiftValue: value(a, first, tensor.type), cValue: value(b, first, tensor.type),
                                differing: differing.count)
        mismatch.engine = engine
        return mismatch
    }

    private static func value(_ bytes: [UInt8], _ element: Int, _ type: KglElementType) -> Int {
        let size = type.byteCount ?? 1
        guard (element + 1) * size <= bytes.count else { return 0 }
        var bits: UInt32 = 0
        for k in 0..<size { bits |= UInt32(bytes[element * size + k]) << (8 * UInt32(k)) }
        switch size {
        case 1: return Int(Int8(truncatingIfNeeded: bits))
        case 2: return Int(Int16(truncatingIfNeeded: bits))
        default: return Int(Int32(bitPattern: bits))
        }
    }
}
