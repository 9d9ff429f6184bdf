import KingletIO

/// Integer class labels read from an `.npy` file (`--labels`), one per evaluation sample.
public enum ClassLabels {
    /// The labels in `array` (read from `path`): exactly `count` non-negative integers, of
    /// any numeric dtype; an error naming the file otherwise.
    public static func read(_ array: NpyArray, from path: String, count: Int) throws -> [Int] {
        let values: [Float]
        do { values = try array.floatValues() } catch { throw CompilerError(file: path, "\(error)") }
        guard values.count == count, values.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < 1e9 }) else {
            throw CompilerError(file: path, "expected \(count) non-negative integer labels (one per sample), found \(values.count) values of shape \(array.shape)")
        }
        return values.map { Int($0) }
    }
}
