/// Permuting the axes of a row-major array, as NumPy's `transpose(permutation)`: axis
/// `permutation[i]` of the input becomes axis i. Keras and the IR order filter axes
/// differently; the Keras importer and exporter both convert through this.
public enum Transposition {
    public static func transposed(_ values: [Float], shape: [Int], permutation: [Int]) -> [Float] {
        let rank = shape.count
        var strides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        let outShape = permutation.map { shape[$0] }
        let sourceStrides = permutation.map { strides[$0] }
        var result = [Float](repeating: 0, count: values.count)
        var index = [Int](repeating: 0, count: rank)
        for position in 0..<values.count {
            var source = 0
            for axis in 0..<rank { source += index[axis] * sourceStrides[axis] }
            result[position] = values[source]
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < outShape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }
}
