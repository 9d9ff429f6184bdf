import KingletIR
import KingletPasses

/// Trains the parameters of a float graph: mini-batches in a seeded shuffled order, the loss
/// on the model's logits, the optimizer's update, and masks that keep pruned weights at zero.
public struct Trainer: Sendable {
    public let model: TrainingGraph
    public let options: TrainingOptions
    /// The current value of every float constant (parameters and moving statistics included).
    public private(set) var values: [[Float]]
    /// Per parameter tensor, 1 where a weight may move and 0 where it stays zero (pruned).
    public private(set) var masks: [Int: [Float]] = [:]
    /// Per clustered filter tensor, its clusters: training moves the shared values, and
    /// every weight of a cluster follows its centroid.
    public private(set) var ties: [Int: WeightClusters] = [:]
    /// With quantization-aware training: the int8 rounding every pass simulates, and the
    /// activation ranges it has learned so far.
    public private(set) var simulation: QuantizationSimulation?
    /// With learned ranges: their optimizer (made at the first step, from the ranges then).
    private var rangeLearning: RangeLearning?
    /// The tensor the loss reads: the graph output, or the input of its final SOFTMAX or
    /// LOGISTIC when the loss reads logits.
    public let head: Int

    public init(graph: Graph, options: TrainingOptions) throws(TrainingError) {
        let model = try TrainingGraph(graph: graph, batchNormMomentum: options.batchNormMomentum)
        guard graph.outputs.count == 1 else {
            throw TrainingError("the model has \(graph.outputs.count) outputs; training needs exactly one")
        }
        guard !model.parameters.isEmpty else { throw TrainingError("the model has no trainable weights") }
        self.model = model
        self.options = options
        values = model.constants
        head = Self.logits(of: graph, for: options.distillation == nil ? options.loss : .sparseCategoricalCrossentropy)
    }

    /// The tensor holding the logits `loss` reads in `graph`.
    public static func logits(of graph: Graph, for loss: Loss) -> Int {
        let output = graph.outputs[0]
        guard loss.readsLogits, let producer = graph.operators.last(where: { $0.outputs.contains(output) }) else { return output }
        switch producer.kind {
        case .softmax(let beta) where beta == 1 && loss != .binaryCrossentropy: return producer.inputs[0]
        case .logistic where loss == .binaryCrossentropy: return producer.inputs[0]
        default: return output
        }
    }

    /// Trains from now on with int8 rounding simulated (QAT); activation ranges start at
    /// `initialRanges` (by tensor, e.g. calibration) and then follow each batch's (momentum
    /// < 1), stay (momentum 1), or are learned by gradient with the weights (`learnsRanges`).
    /// `int4Filters` are the filter tensors the int8 model holds as int4.
    public mutating func simulateQuantization(initialRanges: [Int: ClosedRange<Float>] = [:], momentum: Float = 0.99,
                                              learnsRanges: Bool = false, int4Filters: Set<Int> = []) {
        simulation = QuantizationSimulation(graph: model.graph, initial: initialRanges, momentum: momentum,
                                            learnsRanges: learnsRanges, int4Filters: int4Filters)
        rangeLearning = nil
    }

    /// Keeps the weights of `tensor` at zero where `mask` is 0 from now on (and sets them to 0).
    public mutating func setMask(_ mask: [Float], for tensor: Int) throws(TrainingError) {
        guard model.parameters.contains(tensor), mask.count == values[tensor].count else {
            throw TrainingError("a mask of \(mask.count) values does not fit tensor \(tensor) '\(model.graph.tensors[tensor].name)'")
        }
        masks[tensor] = mask
        for k in mask.indices where mask[k] == 0 { values[tensor][k] = 0 }
    }

    /// Ties the weights of `tensor` to `clusters` from now on (and sets them to its centroids).
    public mutating func tie(_ tensor: Int, to clusters: WeightClusters) throws(TrainingError) {
        guard model.parameters.contains(tensor), clusters.assignment.count == values[tensor].count,
              clusters.assignment.allSatisfy({ $0 < clusters.centroids.count }) else {
            throw TrainingError("clusters of \(clusters.assignment.count) weights do not fit tensor \(tensor) '\(model.graph.tensors[tensor].name)'")
        }
        ties[tensor] = clusters
        values[tensor] = clusters.weights
    }

    /// Zero masks from the weights that are zero now: what pruning removed stays removed.
    public mutating func maskZeros(of tensors: [Int]) throws(TrainingError) {
        for t in tensors where values[t].contains(0) {
            try setMask(values[t].map { $0 == 0 ? 0 : 1 }, for: t)
        }
    }

    /// The graph with the trained parameters and moving statistics written into its constants.
    public var trainedGraph: Graph {
        var graph = model.graph
        for t in model.parameters + model.stateTensors {
            let tensor = graph.tensors[t]
            graph.tensors[t] = Tensor(name: tensor.name, shape: tensor.shape, floats: values[t])
            graph.tensors[t].quantization = tensor.quantization
        }
        return graph
    }

    /// Trains for `options.epochs` over `data`, measuring `validation` after each epoch.
    public mutating func fit(_ data: TrainingSet, validation: TrainingSet? = nil,
                             progress: ((TrainingProgress) -> Void)? = nil) throws(TrainingError) -> [TrainingProgress] {
        try check(data)
        if let validation { try check(validation) }
        let batchSize = Swift.max(1, Swift.min(options.batchSize, data.count))
        let stepsPerEpoch = (data.count + batchSize - 1) / batchSize
        let totalSteps = stepsPerEpoch * options.epochs
        // A clustered tensor's optimizer state is per centroid.
        var optimizer = OptimizerState(optimizer: options.optimizer, weightDecay: options.weightDecay,
                                       sizes: model.parameters.map { ties[$0]?.centroids.count ?? values[$0].count })
        let decays = model.parameters.map { model.graph.tensors[$0].shape.count >= 2 }
        var random = SeededRandom(seed: options.seed)
        var history: [TrainingProgress] = []
        var step = 0
        for epoch in 0..<options.epochs {
            var order = Array(0..<data.count)
            order.shuffle(using: &random)
            var (lossSum, correct, counted) = (0.0, 0.0, 0)
            for s in 0..<stepsPerEpoch {
                let indices = Array(order[(s * batchSize)..<Swift.min((s + 1) * batchSize, data.count)])
                let batch = data.subset(indices)
                let pass = try model.forward(batch.inputs, constants: values, batch: batch.count, training: true,
                                             simulation: simulation)
                let (loss, seed) = evaluateLoss(pass.values[head], batch)
                var gradients = model.backward(pass, seeds: [head: seed])
                var parameterValues = model.parameters.map { ties[$0]?.centroids ?? values[$0] }
                var parameterGradients = model.parameters.map { gradients[$0] }
                for (i, t) in model.parameters.enumerated() {
                    guard !parameterGradients[i].isEmpty else { continue }
                    if let mask = masks[t] {
                        for k in mask.indices where mask[k] == 0 { parameterGradients[i][k] = 0 }
                    }
                    if let tie = ties[t] { parameterGradients[i] = tie.centroidGradient(parameterGradients[i]) }
                }
                let rate = options.schedule.rate(base: options.learningRate, step: step, total: totalSteps,
                                                 stepsPerEpoch: stepsPerEpoch)
                if let simulation, simulation.learnsRanges, !simulation.ranges.isEmpty {
                    if rangeLearning == nil { rangeLearning = RangeLearning(ranges: simulation.ownRanges, optimizer: options.optimizer) }
                    self.simulation?.setRanges(rangeLearning!.step(pass, gradients: gradients, learningRate: rate))
                }
                gradients = []
                optimizer.update(&parameterValues, gradients: parameterGradients, decays: decays, learningRate: rate)
                for (i, t) in model.parameters.enumerated() {
                    if ties[t] != nil {
                        ties[t]!.centroids = parameterValues[i]
                        values[t] = ties[t]!.weights
                    } else {
                        values[t] = parameterValues[i]
                    }
                    if let mask = masks[t] { for k in mask.indices where mask[k] == 0 { values[t][k] = 0 } }
                }
                for (t, moved) in pass.statistics { values[t] = moved }
                for (t, range) in pass.observed { simulation?.observe(t, low: range.low, high: range.high) }
                guard loss.isFinite else {
                    throw TrainingError("the loss became \(loss) at epoch \(epoch + 1), step \(s + 1); lower the learning rate")
                }
                lossSum += loss * Double(batch.count)
                counted += batch.count
                if let hits = hits(pass.values[head], batch) { correct += hits }
                step += 1
                let isLast = s == stepsPerEpoch - 1
                let metrics = isLast ? try validation.map { v throws(TrainingError) in try evaluate(v) } : nil
                let report = TrainingProgress(epoch: epoch + 1, epochs: options.epochs, step: s + 1, steps: stepsPerEpoch,
                                              loss: lossSum / Double(counted),
                                              accuracy: hasClasses ? correct / Double(counted) : nil,
                                              validation: metrics)
                progress?(report)
                if isLast { history.append(report) }
            }
        }
        return history
    }

    /// Loss and accuracy of the current parameters on `data` (inference mode).
    public func evaluate(_ data: TrainingSet) throws(TrainingError) -> TrainingMetrics {
        try check(data)
        var (lossSum, correct) = (0.0, 0.0)
        let batchSize = Swift.max(1, options.batchSize)
        var start = 0
        while start < data.count {
            let batch = data.subset(Array(start..<Swift.min(start + batchSize, data.count)))
            let pass = try model.forward(batch.inputs, constants: values, batch: batch.count, training: false,
                                         simulation: simulation)
            lossSum += evaluateLoss(pass.values[head], batch).loss * Double(batch.count)
            if let hits = hits(pass.values[head], batch) { correct += hits }
            start += batchSize
        }
        let n = Double(Swift.max(data.count, 1))
        return TrainingMetrics(loss: lossSum / n, accuracy: hasClasses ? correct / n : nil)
    }

    /// The head tensor's values (logits, or the output) for `data` (inference mode).
    public func logits(_ data: TrainingSet) throws(TrainingError) -> [Float] {
        var result: [Float] = []
        let batchSize = Swift.max(1, options.batchSize)
        var start = 0
        while start < data.count {
            let batch = data.subset(Array(start..<Swift.min(start + batchSize, data.count)))
            result += try model.forward(batch.inputs, constants: values, batch: batch.count, training: false,
                                        simulation: simulation).values[head]
            start += batchSize
        }
        return result
    }

    private var hasClasses: Bool { options.distillation != nil || options.loss != .meanSquaredError }

    private func evaluateLoss(_ output: [Float], _ batch: TrainingSet) -> (loss: Double, gradient: [Float]) {
        if let distillation = options.distillation {
            return distillation.evaluate(student: output, teacher: batch.teacher, labels: batch.targets, batch: batch.count)
        }
        return options.loss.evaluate(output, targets: batch.targets, batch: batch.count)
    }

    /// The correctly classified samples of a batch (fractions for multi-label outputs), or
    /// nil when the loss has no classes.
    private func hits(_ output: [Float], _ batch: TrainingSet) -> Double? {
        guard hasClasses, batch.count > 0 else { return nil }
        let width = output.count / batch.count
        func argmax(_ values: [Float], _ row: Int) -> Int {
            var best = 0
            for j in 1..<Swift.max(width, 1) where values[row * width + j] > values[row * width + best] { best = j }
            return best
        }
        var hits = 0.0
        for b in 0..<batch.count {
            if options.distillation != nil {
                if batch.targets.count == batch.count {
                    hits += argmax(output, b) == Int(batch.targets[b]) ? 1 : 0
                } else {
                    hits += argmax(output, b) == argmax(batch.teacher, b) ? 1 : 0
                }
                continue
            }
            switch options.loss {
            case .sparseCategoricalCrossentropy: hits += argmax(output, b) == Int(batch.targets[b]) ? 1 : 0
            case .categoricalCrossentropy: hits += argmax(output, b) == argmax(batch.targets, b) ? 1 : 0
            case .binaryCrossentropy:
                var agree = 0
                for j in 0..<width where (output[b * width + j] > 0) == (batch.targets[b * width + j] > 0.5) { agree += 1 }
                hits += Double(agree) / Double(Swift.max(width, 1))
            case .meanSquaredError: break
            }
        }
        return hits
    }

    /// Checks that `data` fits the model and the loss.
    private func check(_ data: TrainingSet) throws(TrainingError) {
        guard data.count > 0 else { throw TrainingError("there are no samples to train on") }
        guard data.inputs.count == model.graph.inputs.count else {
            throw TrainingError("the model has \(model.graph.inputs.count) inputs, the data \(data.inputs.count)")
        }
        for (i, t) in model.graph.inputs.enumerated() where data.inputs[i].count != data.count * model.graph.tensors[t].elementCount {
            throw TrainingError("input \(i) '\(model.graph.tensors[t].name)' needs \(model.graph.tensors[t].elementCount) values per sample; the data has \(data.inputs[i].count) for \(data.count) samples")
        }
        let width = model.graph.tensors[head].elementCount
        if let distillation = options.distillation {
            guard data.teacher.count == data.count * width else {
                throw TrainingError("distillation needs the teacher's \(width) logits per sample")
            }
            if distillation.alpha > 0 { try checkLabels(data, classes: width) }
            return
        }
        switch options.loss {
        case .sparseCategoricalCrossentropy: try checkLabels(data, classes: width)
        default:
            guard data.targets.count == data.count * width else {
                throw TrainingError("\(options.loss.name) needs \(width) target values per sample; got \(data.targets.count) for \(data.count) samples")
            }
        }
    }

    private func checkLabels(_ data: TrainingSet, classes: Int) throws(TrainingError) {
        guard data.targets.count == data.count else {
            throw TrainingError("the labels hold \(data.targets.count) values for \(data.count) samples; expected one class per sample")
        }
        if let bad = data.targets.firstIndex(where: { !($0 >= 0 && Int($0) < classes && $0 == $0.rounded()) }) {
            throw TrainingError("label \(bad) is \(data.targets[bad]); the model has classes 0…\(classes - 1)")
        }
    }
}
