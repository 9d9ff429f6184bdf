import KingletIR
import KingletTestSupport
@testable import KingletTrain

/// Checks a graph's backward pass against central finite differences of
/// L = Σ output · seed, for every parameter and graph input element.
enum GradientCheck {
    struct Mismatch: CustomStringConvertible {
        let tensor: String
        let element: Int
        let analytic: Double
        let numeric: Double
        var description: String { "\(tensor)[\(element)]: backward \(analytic), finite differences \(numeric)" }
    }

    /// The mismatches beyond `tolerance` (relative to the larger gradient, with a floor of 1).
    static func mismatches(_ graph: Graph, batch: Int = 2, training: Bool = false, tolerance: Double = 5e-3,
                           inputScale: Float = 1, seed: UInt64 = 1) throws -> [Mismatch] {
        let model = try TrainingGraph(graph: graph)
        var random = SeededGenerator(seed: seed)
        let inputs = graph.inputs.map { t in
            (0..<(batch * graph.tensors[t].elementCount)).map { _ in Float.random(in: -inputScale...inputScale, using: &random) }
        }
        let output = graph.outputs[0]
        let reference = try model.forward(inputs, constants: model.constants, batch: batch, training: training)
        let dy = reference.values[output].map { _ in Float.random(in: -1...1, using: &random) }
        let gradients = model.backward(reference, seeds: [output: dy])

        func loss(_ inputs: [[Float]], _ constants: [[Float]]) throws -> Double {
            let y = try model.forward(inputs, constants: constants, batch: batch, training: training).values[output]
            return zip(y, dy).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        var found: [Mismatch] = []
        func compare(_ name: String, _ k: Int, _ analytic: Float?, _ plus: Double, _ minus: Double, _ h: Double) {
            let numeric = (plus - minus) / (2 * h)
            let a = Double(analytic ?? 0)
            if abs(a - numeric) > tolerance * max(1, abs(a), abs(numeric)) {
                found.append(Mismatch(tensor: name, element: k, analytic: a, numeric: numeric))
            }
        }
        let h: Float = 1e-3
        for t in model.parameters {
            for k in model.constants[t].indices {
                var up = model.constants, down = model.constants
                up[t][k] += h
                down[t][k] -= h
                let g = gradients[t].isEmpty ? nil : gradients[t][k]
                compare(graph.tensors[t].name, k, g, try loss(inputs, up), try loss(inputs, down), Double(h))
            }
        }
        for (i, t) in graph.inputs.enumerated() {
            for k in inputs[i].indices {
                var up = inputs, down = inputs
                up[i][k] += h
                down[i][k] -= h
                let g = gradients[t].isEmpty ? nil : gradients[t][k]
                compare(graph.tensors[t].name, k, g, try loss(up, model.constants), try loss(down, model.constants), Double(h))
            }
        }
        return found
    }
}
