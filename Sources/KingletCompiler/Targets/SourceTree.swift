import Foundation

/// The Kinglet source tree (runtime-c/ and targets/), which target builds compile from:
/// $KINGLET_ROOT, else the first ancestor of the kinglet executable or of the current
/// directory that holds both.
public enum SourceTree {
    public static func locate() throws -> URL {
        if let root = ProcessInfo.processInfo.environment["KINGLET_ROOT"], !root.isEmpty {
            let url = URL(fileURLWithPath: root)
            guard holdsTargets(url) else {
                throw CompilerError("KINGLET_ROOT=\(root) has no targets/run.sh and runtime-c/include/kinglet.h")
            }
            return url
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        for start in [executable.deletingLastPathComponent(), URL(fileURLWithPath: FileManager.default.currentDirectoryPath)] {
            var directory = start.standardizedFileURL
            while true {
                if holdsTargets(directory) { return directory }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        throw CompilerError("cannot find the Kinglet source tree (runtime-c/ and targets/) above the kinglet executable or the current directory; set KINGLET_ROOT to it")
    }

    static func holdsTargets(_ url: URL) -> Bool {
        let files = FileManager.default
        return files.fileExists(atPath: url.appendingPathComponent("targets/run.sh").path)
            && files.fileExists(atPath: url.appendingPathComponent("runtime-c/include/kinglet.h").path)
    }
}
