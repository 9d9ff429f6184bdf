import KingletIR

/// Keeps each pruned layer's mean output where it was: removing weights w from a layer
/// shifts output channel o's mean by −Σ w · E[input], so that amount goes into its bias
/// (as quantization's BiasCorrection does for rounding). The means are those of the
/// unpruned model on calibration samples; without them a one-shot pruned small CNN loses
/// much more accuracy (the removed weights' average contribution is not zero after ReLUs).
public enum PruningBiasCorrection {
    /// For every CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED whose float filter differs
    /// between `original` and `pruned` (same tensor indices, as MagnitudePruning leaves them),
    /// adds (W − W') · E[input] to the bias of `pruned` (a new bias tensor when the layer had
    /// none or shares it). `inputMeans`: per tensor index, the mean of each channel (last
    /// axis). Returns the names of the corrected layers.
    @discardableResult
    public static func correct(original: Graph, pruned: inout Graph, inputMeans: [Int: [Float]]) -> [String] {
        var reads: [Int: Int] = [:]
        for op in pruned.operators {
            for input in op.inputs where input >= 0 { reads[input, default: 0] += 1 }
        }
        var corrected: [String] = []
        for (index, op) in pruned.operators.enumerated() where op.kind.hasQuantizedWeights {
            let filter = op.inputs[1]
            guard filter < original.tensors.count, let before = original.tensors[filter].floatValues,
                  let after = pruned.tensors[filter].floatValues, before.count == after.count, before != after,
                  let means = inputMeans[op.inputs[0]],
                  let shift = BiasCorrection.meanShift(op.kind, delta: zip(before, after).map { Double($0) - Double($1) },
                                                       shape: pruned.tensors[filter].shape, inputMeans: means)
            else { continue }
            let hasBias = op.inputs.count > 2 && op.inputs[2] >= 0
            let bias = hasBias ? pruned.tensors[op.inputs[2]].floatValues : [Float](repeating: 0, count: shift.count)
            guard let bias, bias.count == shift.count else { continue }
            let values = zip(bias, shift).map { $0 + $1 }
            if hasBias, reads[op.inputs[2]] == 1 {
                pruned.tensors[op.inputs[2]].data = Tensor(name: "", shape: [values.count], floats: values).data
            } else {
                let tensor = pruned.add(Tensor(name: "\(op.name)/pruned_bias", shape: [values.count], floats: values))
                var inputs = op.inputs
                while inputs.count < 3 { inputs.append(-1) }
                inputs[2] = tensor
                pruned.operators[index].inputs = inputs
            }
            corrected.append(op.name)
        }
        return corrected
    }
}
