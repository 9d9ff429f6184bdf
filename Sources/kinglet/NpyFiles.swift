import KingletCompiler
import KingletIO

/// Reading `.npy` files with the file name in every error, and naming extra outputs.
enum NpyFiles {
    static func read(_ path: String) throws -> NpyArray {
        let bytes = try FileIO.read(path)
        do {
            return try NpyArray(decoding: bytes)
        } catch {
            throw CompilerError(file: path, "\(error)")
        }
    }

    /// Y.npy for output 0; Y.1.npy, Y.2.npy, … for the others.
    static func outputPath(_ path: String, _ index: Int) -> String {
        guard index > 0 else { return path }
        if path.hasSuffix(".npy") {
            return String(path.dropLast(4)) + ".\(index).npy"
        }
        return path + ".\(index)"
    }
}
