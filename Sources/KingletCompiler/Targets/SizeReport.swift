import Foundation
import KingletFormat

/// What one model costs on a target, measured from a real link: the model (as `emit-c` writes
/// it) with the runtime built for only its kernels, linked for the target with
/// --gc-sections, and run once under the emulator so the figures describe a working
/// firmware (`make -C targets model-size`, targets/README.md).
public struct SizeReport: Sendable {
    public let target: String
    public let operators: [String]
    public let runtimeText: Int
    public let runtimeRodata: Int
    public let runtimeData: Int
    public let runtimeBss: Int
    public let modelBytes: Int
    public let arenaBytes: Int
    /// sizeof(kgl_model) on the target.
    public let stateBytes: Int
    /// Upper bound of the runtime's stack (deepest call chain of init and invoke).
    public let stackBytes: Int

    /// Flash: the runtime's code, constants and initialized data, and the model.
    public var flashBytes: Int { runtimeText + runtimeRodata + runtimeData + modelBytes }
    /// RAM: the arena, the runtime's stack, the kgl_model struct, the runtime's own data.
    public var ramBytes: Int { arenaBytes + stackBytes + stateBytes + runtimeData + runtimeBss }

    public static func measure(_ kgl: [UInt8], on target: Target) throws -> SizeReport {
        let model = try KglModel(bytes: kgl)
        let make = try target.requireTools()
        let root = try SourceTree.locate()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("kinglet-size-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try CSourceEmitter(name: "model").write(kgl, origin: "kinglet size", to: work.path)
        let build = work.appendingPathComponent("build")
        let result = try Subprocess.run(make, ["-s", "--no-print-directory", "-C", root.appendingPathComponent("targets").path,
                                               "TARGET=\(target.name)", "model-size", "MODEL_DIR=\(work.path)",
                                               "MODEL_NAME=model", "BUILD=\(build.path)"])
        guard result.status == 0 else {
            throw CompilerError("measuring on \(target.name) failed (make -C targets TARGET=\(target.name) model-size):\n\(result.output.suffix(3000))")
        }
        var values: [String: Int] = [:]
        for line in result.output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Int(parts[1].trimmingCharacters(in: .whitespaces)) {
                values[String(parts[0])] = value
            }
        }
        func value(_ key: String) throws -> Int {
            guard let v = values[key] else {
                throw CompilerError("measuring on \(target.name): the size build did not report \(key):\n\(result.output.suffix(2000))")
            }
            return v
        }
        return SizeReport(
            target: target.name, operators: Set(model.operators.map(\.kind)).sorted { $0.rawValue < $1.rawValue }.map(\.description),
            runtimeText: try value("runtime_text"), runtimeRodata: try value("runtime_rodata"),
            runtimeData: try value("runtime_data"), runtimeBss: try value("runtime_bss"),
            modelBytes: try value("model_bytes"), arenaBytes: try value("arena_bytes"),
            stateBytes: try value("state_bytes"), stackBytes: try value("stack_bytes"))
    }

    public func text(file: String) -> String {
        let runtime = runtimeText + runtimeRodata + runtimeData
        return """
            \(file) on \(target) (runtime built with only its \(operators.count) kernels: \(operators.joined(separator: ", ")))
              flash \(flashBytes) B = runtime \(runtime) B (.text \(runtimeText), .rodata \(runtimeRodata), .data \(runtimeData)) + model \(modelBytes) B
              RAM   \(ramBytes) B = arena \(arenaBytes) B + stack ≤ \(stackBytes) B + kgl_model \(stateBytes) B + runtime .data/.bss \(runtimeData + runtimeBss) B
            """
    }

    public func json() -> String {
        let object: [String: Any] = [
            "target": target, "operators": operators, "flash_bytes": flashBytes, "ram_bytes": ramBytes,
            "runtime_text": runtimeText, "runtime_rodata": runtimeRodata, "runtime_data": runtimeData,
            "runtime_bss": runtimeBss, "model_bytes": modelBytes, "arena_bytes": arenaBytes,
            "state_bytes": stateBytes, "stack_bytes": stackBytes,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
