import Foundation
import KingletFormat

/// How fast one model runs on a target, measured on the runtime as a firmware has it (the
/// model as `emit-c` writes it, the runtime built with only its kernels, the target's flags):
/// on a hosted target, wall time per inference (`make -C targets bench`: warm-up, then the
/// median of timed runs); on a Cortex-M core, the exact instructions of each operator under
/// QEMU (`make -C targets count`), with its multiply-accumulates.
public struct BenchReport: Sendable {
    public struct OperatorCount: Sendable {
        public let index: Int
        public let kind: String
        public let instructions: Int
        public let macs: Int
    }

    public let target: String
    /// The kernel variant compiled (runtime-c/src/kgl_kernel_variant.h): "arm-dsp", "portable".
    public let variant: String
    /// Hosted targets: the C flags of the build and each timed inference, in milliseconds.
    public let cflags: String?
    public let runsMs: [Double]
    /// Cortex-M targets: instructions per operator.
    public let operators: [OperatorCount]
    public let macs: Int
    /// The flags added to the target's (Cortex-M counts; the hosted builds print all flags).
    public let extraFlags: String

    /// The median of the timed runs (hosted targets).
    public var msPerInference: Double? {
        guard !runsMs.isEmpty else { return nil }
        let sorted = runsMs.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Instructions of one inference, the operators' sum (Cortex-M targets).
    public var instructions: Int? { operators.isEmpty ? nil : operators.reduce(0) { $0 + $1.instructions } }

    /// Hosted targets time `runs` inferences after `warmup` untimed ones; Cortex-M targets
    /// count one. `cflags` are added to the target's flags (the Makefile's EXTRA_CFLAGS).
    public static func measure(_ kgl: [UInt8], on target: Target, warmup: Int = 5, runs: Int = 50,
                               cflags: String = "") throws -> BenchReport {
        let model = try KglModel(bytes: kgl)
        let make = try target.requireTools()
        let root = try SourceTree.locate()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("kinglet-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try CSourceEmitter(name: "model").write(kgl, origin: "kinglet bench", to: work.path)
        let counting = target.name.hasPrefix("cortex-m")
        let goal = counting ? "count" : "bench"
        var arguments = ["-s", "--no-print-directory", "-C", root.appendingPathComponent("targets").path,
                         "TARGET=\(target.name)", goal, "MODEL_DIR=\(work.path)", "MODEL_NAME=model",
                         "BUILD=\(work.appendingPathComponent("build").path)", "EXTRA_CFLAGS=\(cflags)"]
        if !counting { arguments += ["BENCH_WARMUP=\(warmup)", "BENCH_RUNS=\(runs)"] }
        let result = try Subprocess.run(make, arguments)
        guard result.status == 0 else {
            throw CompilerError("benchmarking on \(target.name) failed (make -C targets TARGET=\(target.name) \(goal)):\n\(result.output.suffix(3000))")
        }
        var variant: String?
        var printedFlags: String?
        var runsNs: [Int] = []
        var counts: [OperatorCount] = []
        for line in result.output.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let first = fields.first else { continue }
            switch first {
            case "variant" where fields.count == 2:
                variant = String(fields[1])
            case "cflags":
                printedFlags = fields.dropFirst().joined(separator: " ")
            case "run" where fields.count == 3 && !counting:
                if let ns = Int(fields[2]) { runsNs.append(ns) }
            case "op" where fields.count == 4 && counting:
                guard let index = Int(fields[1]), let instructions = Int(fields[3]),
                      model.operators.indices.contains(index) else { continue }
                let op = model.operators[index]
                counts.append(OperatorCount(index: index, kind: op.kind.description, instructions: instructions,
                                            macs: ModelReport.macs(op, model)))
            default:
                continue
            }
        }
        guard let variant, counting ? counts.count == model.operators.count : runsNs.count == runs else {
            throw CompilerError("benchmarking on \(target.name): make -C targets \(goal) printed no complete result:\n\(result.output.suffix(2000))")
        }
        return BenchReport(target: target.name, variant: variant, cflags: printedFlags,
                           runsMs: runsNs.map { Double($0) / 1e6 }, operators: counts,
                           macs: model.operators.reduce(0) { $0 + ModelReport.macs($1, model) },
                           extraFlags: cflags)
    }

    public func text(file: String) -> String {
        if let ms = msPerInference {
            let sorted = runsMs.sorted()
            return """
                \(file) on \(target) (kernel variant \(variant); \(cflags ?? "")):
                  \(String(format: "%.3f", ms)) ms per inference (median of \(runsMs.count) runs after warm-up; fastest \(String(format: "%.3f", sorted.first ?? 0)), slowest \(String(format: "%.3f", sorted.last ?? 0)))
                """
        }
        let total = instructions ?? 0
        var lines = ["\(file) on \(target) (kernel variant \(variant)\(extraFlags.isEmpty ? "" : "; added flags " + extraFlags)): \(total) instructions per inference, \(macs) MACs\(macs > 0 ? String(format: ", %.2f per MAC", Double(total) / Double(macs)) : "")",
                     "  #    operator            instructions        MACs   per MAC"]
        for op in operators {
            let perMac = op.macs > 0 ? String(format: "%9.2f", Double(op.instructions) / Double(op.macs)) : "        -"
            lines.append("  " + String(op.index).padding(toLength: 5, withPad: " ", startingAt: 0)
                         + op.kind.padding(toLength: 18, withPad: " ", startingAt: 0)
                         + String(repeating: " ", count: max(0, 14 - String(op.instructions).count)) + String(op.instructions)
                         + String(repeating: " ", count: max(0, 12 - String(op.macs).count)) + String(op.macs)
                         + " " + perMac)
        }
        return lines.joined(separator: "\n")
    }

    public func json() -> String {
        var object: [String: Any] = ["target": target, "kernel_variant": variant, "macs": macs]
        if let ms = msPerInference {
            object["ms_per_inference"] = ms
            object["runs_ms"] = runsMs
            object["cflags"] = cflags ?? ""
        }
        if let instructions {
            object["instructions"] = instructions
            object["operators"] = operators.map {
                ["index": $0.index, "kind": $0.kind, "instructions": $0.instructions, "macs": $0.macs] as [String: Any]
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
