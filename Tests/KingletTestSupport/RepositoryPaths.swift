import Foundation

/// Where the repository and its test fixtures are, found from this file's own path so tests
/// run from any working directory.
public enum RepositoryPaths {
    /// The repository root (the folder holding Package.swift).
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Fixtures/<name>` (e.g. "keras", "tflite").
    public static func fixtures(_ name: String) -> URL {
        root.appendingPathComponent("Tests/Fixtures").appendingPathComponent(name)
    }
}
