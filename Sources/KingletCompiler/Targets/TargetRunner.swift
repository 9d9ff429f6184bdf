import Foundation
import KingletFormat

/// Runs a `.kgl` model on a target: builds the target's test firmware from the source tree
/// (`make -C targets TARGET=…`, incremental, once per target rather than per model), then
/// runs it under its emulator on the samples (`targets/run.sh`), bounded by a timeout. The
/// firmware reads `model.kgl` and `input.bin` and writes `output.bin` (targets/README.md).
/// A model too big for that firmware's RAM buffers (the 16 KB Cortex-M0+ board) gets a
/// firmware of its own with the model linked into flash, as on a real device
/// (`make … flash-harness`).
public enum TargetRunner {
    /// The output bytes per sample, per model output. `samples[s][i]` holds input i of sample
    /// s in the input tensor's element type.
    public static func run(_ kgl: [UInt8], samples: [[[UInt8]]], on target: Target,
                           timeoutSeconds: Int = 600) throws -> [[[UInt8]]] {
        let model = try KglModel(bytes: kgl)
        let make = try target.requireTools()
        let root = try SourceTree.locate()
        let targets = root.appendingPathComponent("targets")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("kinglet-\(target.name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let firmware = try firmware(for: kgl, model: model, on: target, make: make, targets: targets, work: work)
        try Data(kgl).write(to: work.appendingPathComponent("model.kgl"))
        try Data(samples.flatMap { $0.flatMap { $0 } }).write(to: work.appendingPathComponent("input.bin"))
        let run = try Subprocess.run("/bin/sh", [targets.appendingPathComponent("run.sh").path, target.name,
                                                 firmware, work.path, String(timeoutSeconds)])
        guard run.status == 0 else {
            let why: String
            switch run.status {
            case 2: why = "the firmware could not read or write its files"
            case 3: why = "the runtime on the target refused the model"
            case 4: why = "the input bytes are not a whole number of samples"
            case 99: why = "the target faulted (HardFault)"
            case 124: why = "it did not finish within \(timeoutSeconds) s"
            default: why = "exit status \(run.status)"
            }
            throw CompilerError("running on \(target.name) failed: \(why)\n\(run.output.suffix(2000))")
        }
        let produced = try [UInt8](Data(contentsOf: work.appendingPathComponent("output.bin")))
        let sizes = model.outputs.map { model.tensors[$0].byteCount }
        let perSample = sizes.reduce(0, +)
        guard produced.count == perSample * samples.count else {
            throw CompilerError("the \(target.name) firmware wrote \(produced.count) output bytes; \(samples.count) sample(s) need \(perSample * samples.count)")
        }
        var outputs: [[[UInt8]]] = []
        var at = 0
        for _ in samples {
            var sample: [[UInt8]] = []
            for size in sizes {
                sample.append(Array(produced[at..<(at + size)]))
                at += size
            }
            outputs.append(sample)
        }
        return outputs
    }

    /// The path of the firmware to run: the target's shared harness when the model fits its
    /// buffers, else one built for this model with the model in flash.
    static func firmware(for kgl: [UInt8], model: KglModel, on target: Target, make: String,
                         targets: URL, work: URL) throws -> String {
        let capacity = try Subprocess.run(make, ["-s", "--no-print-directory", "-C", targets.path,
                                                 "TARGET=\(target.name)", "print-capacity"])
        let limits = capacity.output.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard capacity.status == 0, limits.count == 2 else {
            throw CompilerError("cannot read the \(target.name) harness's buffer sizes (make -C \(targets.path) TARGET=\(target.name) print-capacity):\n\(capacity.output.suffix(2000))")
        }
        if kgl.count <= limits[0] && model.header.arenaBytes <= limits[1] {
            let build = try Subprocess.run(make, ["-s", "-C", targets.path, "TARGET=\(target.name)"])
            guard build.status == 0 else {
                throw CompilerError("building the \(target.name) test firmware failed (make -C \(targets.path) TARGET=\(target.name)):\n\(build.output.suffix(3000))")
            }
            return targets.appendingPathComponent("build/\(target.name)/kinglet-harness").path
        }
        let sources = work.appendingPathComponent("flash")
        try CSourceEmitter(name: "model").write(kgl, origin: "kinglet run --target", to: sources.path)
        let build = try Subprocess.run(make, ["-s", "--no-print-directory", "-C", targets.path, "TARGET=\(target.name)",
                                              "flash-harness", "MODEL_DIR=\(sources.path)", "MODEL_NAME=model",
                                              "BUILD=\(work.appendingPathComponent("build").path)"])
        guard build.status == 0, let elf = build.output.split(separator: "\n").last.map(String.init),
              FileManager.default.fileExists(atPath: elf) else {
            throw CompilerError("the model (\(kgl.count) bytes, arena \(model.header.arenaBytes) bytes) is larger than the \(target.name) harness's buffers (\(limits[0]) and \(limits[1]) bytes), and a firmware with the model in flash does not fit the board either:\n\(build.output.suffix(2000))")
        }
        return elf
    }
}
