/// Samples to train or evaluate on: per graph input, every sample's values one after
/// another; targets (one class index per sample, or a row of values per sample); and for
/// distillation the teacher's logits per sample.
public struct TrainingSet: Sendable {
    public var inputs: [[Float]]
    public var targets: [Float]
    public var teacher: [Float]
    public let count: Int

    public init(inputs: [[Float]], targets: [Float] = [], teacher: [Float] = [], count: Int) {
        self.inputs = inputs
        self.targets = targets
        self.teacher = teacher
        self.count = count
    }

    /// The samples at `indices`, in that order.
    public func subset(_ indices: [Int]) -> TrainingSet {
        func take(_ values: [Float]) -> [Float] {
            guard !values.isEmpty, count > 0 else { return [] }
            let width = values.count / count
            var result: [Float] = []
            result.reserveCapacity(indices.count * width)
            for i in indices { result.append(contentsOf: values[(i * width)..<((i + 1) * width)]) }
            return result
        }
        return TrainingSet(inputs: inputs.map(take), targets: take(targets), teacher: take(teacher), count: indices.count)
    }

    /// The first samples for training and the last `fraction` for validation (as Keras's
    /// `validation_split` takes them, before any shuffling).
    public func split(validation fraction: Double) -> (training: TrainingSet, validation: TrainingSet?) {
        let held = Int((Double(count) * fraction).rounded(.down))
        guard fraction > 0, held > 0, held < count else { return (self, nil) }
        return (subset(Array(0..<(count - held))), subset(Array((count - held)..<count)))
    }
}
