/// A build and run target under `targets/`: a core (or host) with its cross toolchain and the
/// emulator that runs its test firmware. The tools are named so a missing one gives an
/// error that says which Debian packages to install.
public struct Target: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    /// Executables needed to build and run, each with the Debian package that provides it.
    public let tools: [Tool]

    public struct Tool: Sendable, Hashable {
        public let executable: String
        public let package: String
    }

    static let armGCC = Tool(executable: "arm-none-eabi-gcc", package: "gcc-arm-none-eabi")
    static let qemuARM = Tool(executable: "qemu-system-arm", package: "qemu-system-arm")

    public static let all: [Target] = [
        Target(name: "cortex-m0plus", tools: [armGCC, qemuARM]),
        Target(name: "cortex-m3", tools: [armGCC, qemuARM]),
        Target(name: "cortex-m4", tools: [armGCC, qemuARM]),
        Target(name: "cortex-m7", tools: [armGCC, qemuARM]),
        Target(name: "cortex-m33", tools: [armGCC, qemuARM]),
        Target(name: "cortex-m55", tools: [armGCC, qemuARM]),
        Target(name: "aarch64-linux", tools: [
            Tool(executable: "aarch64-linux-gnu-gcc", package: "gcc-aarch64-linux-gnu libc6-dev-arm64-cross"),
            Tool(executable: "qemu-aarch64", package: "qemu-user"),
        ]),
        Target(name: "x86_64", tools: [Tool(executable: "cc", package: "gcc")]),
    ]

    public var description: String { name }

    public static func named(_ name: String) throws -> Target {
        guard let target = all.first(where: { $0.name == name }) else {
            throw CompilerError("unknown target '\(name)'; targets: \(all.map(\.name).joined(separator: ", "))")
        }
        return target
    }

    /// The path of make, once this target's cross compiler and emulator are known to be on
    /// PATH; otherwise an error naming the Debian packages to install.
    func requireTools() throws -> String {
        let missing = tools.filter { Subprocess.find($0.executable) == nil }
        if !missing.isEmpty {
            let packages = Array(Set(tools.map(\.package))).sorted().joined(separator: " ")
            throw CompilerError("target \(name) needs \(missing.map(\.executable).joined(separator: " and ")), not found on PATH; install with: apt-get install -y --no-install-recommends \(packages)")
        }
        guard let make = Subprocess.find("make") else {
            throw CompilerError("target builds need make; install with: apt-get install -y --no-install-recommends make")
        }
        return make
    }
}
