import KingletIR
import KingletPasses
import KingletTestSupport
import Testing
@testable import KingletTrain

/// The training loop: it learns, repeats exactly from a seed, keeps masked weights at zero,
/// and refuses data that does not fit.
@Suite struct TrainerTests {
    /// Four features → 3 classes through a hidden layer; class c is centred at feature c.
    private func classifier() -> Graph {
        var b = TrainGraphBuilder()
        let x = b.input([1, 4])
        let hidden = b.op(.fullyConnected(activation: .relu, keepNumDims: false), [x, b.constant([8, 4]), b.constant([8])], [1, 8])
        let logits = b.op(.fullyConnected(activation: .none, keepNumDims: false), [hidden, b.constant([3, 8]), b.constant([3])], [1, 3])
        b.output(b.op(.softmax(beta: 1), [logits], [1, 3]))
        return b.graph
    }

    private func blobs(_ count: Int, seed: UInt64) -> TrainingSet {
        var random = SeededGenerator(seed: seed)
        var inputs: [Float] = []
        var labels: [Float] = []
        for i in 0..<count {
            let c = i % 3
            for f in 0..<4 { inputs.append((f == c ? 2 : 0) + Float.random(in: -0.7...0.7, using: &random)) }
            labels.append(Float(c))
        }
        return TrainingSet(inputs: [inputs], targets: labels, count: count)
    }

    private func options(seed: UInt64 = 3) -> TrainingOptions {
        var options = TrainingOptions()
        options.epochs = 8
        options.batchSize = 16
        options.learningRate = 0.02
        options.seed = seed
        return options
    }

    @Test func learnsToClassify() throws {
        var trainer = try Trainer(graph: classifier(), options: options())
        let test = blobs(90, seed: 2)
        let before = try trainer.evaluate(test)
        let history = try trainer.fit(blobs(240, seed: 1), validation: test)
        #expect(history.count == 8)
        #expect(history.last!.loss < history.first!.loss)
        let after = try #require(history.last?.validation?.accuracy)
        #expect(after > 0.95, "held-out accuracy \(after), before training \(before.accuracy ?? 0)")
        // The written-back graph computes what the trainer measured.
        var again = try Trainer(graph: trainer.trainedGraph, options: options())
        #expect(try again.evaluate(test).accuracy == after)
        _ = try again.fit(blobs(30, seed: 5))
    }

    @Test func theSameSeedRepeatsARunExactly() throws {
        var first = try Trainer(graph: classifier(), options: options(seed: 9))
        var second = try Trainer(graph: classifier(), options: options(seed: 9))
        var third = try Trainer(graph: classifier(), options: options(seed: 10))
        let data = blobs(60, seed: 1)
        _ = try first.fit(data)
        _ = try second.fit(data)
        _ = try third.fit(data)
        let parameters = first.model.parameters
        #expect(parameters.allSatisfy { first.values[$0] == second.values[$0] })
        #expect(!parameters.allSatisfy { first.values[$0] == third.values[$0] })
    }

    @Test func maskedWeightsStayZero() throws {
        var graph = classifier()
        // Prune every other weight of the first layer.
        let filter = graph.operators[0].inputs[1]
        let values = graph.tensors[filter].floatValues!.enumerated().map { $0.offset % 2 == 0 ? 0 : $0.element }
        graph.tensors[filter] = Tensor(name: graph.tensors[filter].name, shape: [8, 4], floats: values)
        var trainer = try Trainer(graph: graph, options: options())
        try trainer.maskZeros(of: [filter])
        _ = try trainer.fit(blobs(120, seed: 1))
        let trained = trainer.trainedGraph.tensors[filter].floatValues!
        #expect(trained.enumerated().allSatisfy { $0.offset % 2 == 1 || $0.element == 0 })
        #expect(trained.enumerated().contains { $0.offset % 2 == 1 && $0.element != values[$0.offset] })
    }

    /// A clustered filter trains its shared values: after one SGD step each centroid has
    /// moved by the sum of what its weights would have moved untied, every weight equals its
    /// centroid, and the pruned zeros stay zero.
    @Test func tiedWeightsTrainTheirSharedValues() throws {
        var graph = classifier()
        let filter = graph.operators[0].inputs[1]
        let assignment = (0..<32).map { i -> Int32 in i % 5 == 0 ? -1 : Int32(i % 3) }
        let clusters = WeightClusters(centroids: [-0.3, 0.1, 0.4], assignment: assignment)
        graph.tensors[filter] = Tensor(name: graph.tensors[filter].name, shape: [8, 4], floats: clusters.weights)
        var options = options()
        options.epochs = 1
        options.batchSize = 60
        options.optimizer = .sgd(momentum: 0)
        options.learningRate = 0.1
        let data = blobs(60, seed: 1)
        var tied = try Trainer(graph: graph, options: options)
        try tied.tie(filter, to: clusters)
        var free = try Trainer(graph: graph, options: options)
        _ = try tied.fit(data)
        _ = try free.fit(data)
        let moved = try #require(tied.ties[filter])
        for k in 0..<3 {
            let untied = assignment.indices.filter { assignment[$0] == Int32(k) }
                .reduce(Float(0)) { $0 + (clusters.weights[$1] - free.values[filter][$1]) }
            #expect(abs(moved.centroids[k] - (clusters.centroids[k] - untied)) < 1e-5, "centroid \(k)")
            #expect(untied != 0)
        }
        #expect(tied.values[filter] == moved.weights)
        #expect(assignment.indices.allSatisfy { assignment[$0] >= 0 || tied.values[filter][$0] == 0 })
        #expect(throws: TrainingError.self) { try tied.tie(filter, to: WeightClusters(centroids: [1], assignment: [0, 0])) }
    }

    @Test func quantizationAwareTrainingRoundsToTheInt8Grid() throws {
        var trainer = try Trainer(graph: classifier(), options: options())
        trainer.simulateQuantization()
        let data = blobs(240, seed: 1)
        let history = try trainer.fit(data)
        #expect(history.last!.accuracy! > 0.9)
        let simulation = try #require(trainer.simulation)
        let graph = trainer.model.graph
        let activations = graph.inputs + graph.operators.map { $0.outputs[0] }
        // Every activation has int8 parameters: a range of its own, or the softmax's fixed ones.
        #expect(activations.allSatisfy { simulation.quantization(of: $0) != nil })
        #expect(simulation.quantization(of: graph.outputs[0]).map { $0.scale == 1.0 / 256 && $0.zeroPoint == -128 } == true)
        // Every activation of a pass lies on its tensor's int8 grid, and so does every filter
        // weight on its channel's.
        let pass = try trainer.model.forward(data.subset([0, 1]).inputs, constants: trainer.values, batch: 2,
                                             training: false, simulation: simulation)
        for t in activations {
            let q = simulation.quantization(of: t)!
            #expect(pass.values[t].allSatisfy { v in
                let level = v / q.scale + Float(q.zeroPoint)
                return abs(level - level.rounded()) < 1e-3 && level >= -128.001 && level <= 127.001
            })
        }
        let filter = graph.operators[0].inputs[1]
        let rows = pass.values[filter]
        for c in 0..<8 {
            let row = Array(rows[(c * 4)..<(c * 4 + 4)])
            let scale = row.map(abs).max()! / 127
            #expect(row.allSatisfy { abs($0 / scale - ($0 / scale).rounded()) < 1e-3 })
        }
    }

    @Test func sgdWithMomentumAndAdamFollowKeras() {
        // One parameter, gradient 0.5 then 0.25 (Keras 3's update rules, by hand).
        var sgd = OptimizerState(optimizer: .sgd(momentum: 0.9), weightDecay: 0, sizes: [1])
        var w: [[Float]] = [[1]]
        sgd.update(&w, gradients: [[0.5]], decays: [true], learningRate: 0.1)
        sgd.update(&w, gradients: [[0.25]], decays: [true], learningRate: 0.1)
        // v1 = -0.05, w = 0.95; v2 = 0.9·(-0.05) − 0.025 = −0.07, w = 0.88.
        #expect(abs(w[0][0] - 0.88) < 1e-6)

        var adam = OptimizerState(optimizer: .adamDefaults, weightDecay: 0.1, sizes: [1])
        var v: [[Float]] = [[1]]
        adam.update(&v, gradients: [[0.5]], decays: [true], learningRate: 0.01)
        // Decay: 1 − 0.01·0.1 = 0.999; m = 0.05, v = 0.00025, rate = 0.01·√0.001/0.1;
        // step = rate · 0.05 / (√0.00025 + 1e-7) ≈ 0.01.
        let rate = 0.01 * (1 - 0.999).squareRoot() / (1 - 0.9)
        let expected = 0.999 - rate * 0.05 / (0.00025.squareRoot() + 1e-7)
        #expect(abs(Double(v[0][0]) - expected) < 1e-6)
    }

    @Test func refusesDataThatDoesNotFit() throws {
        var trainer = try Trainer(graph: classifier(), options: options())
        let badLabel = TrainingSet(inputs: [[Float](repeating: 0, count: 8)], targets: [0, 3], count: 2)
        #expect(throws: TrainingError.self) { _ = try trainer.fit(badLabel) }
        let shortInput = TrainingSet(inputs: [[Float](repeating: 0, count: 7)], targets: [0, 1], count: 2)
        #expect(throws: TrainingError.self) { _ = try trainer.fit(shortInput) }
    }

    @Test func schedules() {
        #expect(LearningRateSchedule.constant.rate(base: 0.1, step: 50, total: 100, stepsPerEpoch: 10) == 0.1)
        #expect(abs(LearningRateSchedule.cosine.rate(base: 0.1, step: 50, total: 100, stepsPerEpoch: 10) - 0.05) < 1e-12)
        #expect(abs(LearningRateSchedule.step(every: 2, factor: 0.5).rate(base: 0.1, step: 45, total: 100, stepsPerEpoch: 10) - 0.025) < 1e-12)
    }
}
