import Foundation
import KingletTestSupport

/// Runs the built `kinglet` executable (from `swift build`, in .build/debug) and captures
/// its exit status and output, so the tests see exactly what a user sees.
struct KingletProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let repository = RepositoryPaths.root

    static var executable: URL { repository.appendingPathComponent(".build/debug/kinglet") }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A fresh empty directory for one test's files.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kinglet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
