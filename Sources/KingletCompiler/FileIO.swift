import Foundation

/// File access for the facade: whole-file reads with clear errors, and writes that leave no
/// half-written file behind (write to a temporary file beside the target, then rename).
public enum FileIO {
    public static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                throw CompilerError(file: path, isDirectory.boolValue ? "is a directory, expected a file" : "cannot be read (permissions?)")
            }
            throw CompilerError(file: path, "no such file")
        }
        return [UInt8](data)
    }

    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).kinglet-\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try Data(bytes).write(to: temporary)
            // rename(2) replaces the target atomically.
            guard rename(temporary.path, url.path) == 0 else {
                throw CompilerError(file: path, "cannot write: \(String(cString: strerror(errno)))")
            }
        } catch let error as CompilerError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw CompilerError(file: path, "cannot write: \(error.localizedDescription)")
        }
    }
}
