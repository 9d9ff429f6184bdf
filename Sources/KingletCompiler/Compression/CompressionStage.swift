import Foundation
import KingletFormat
import KingletIR
import KingletPasses

/// The model after one stage of the compression pipeline (the float graph after low-rank,
/// channel pruning or magnitude pruning, or the written int8 model): its size, work, arena
/// and fidelity to the user's original float model.
public struct CompressionStage: Sendable {
    public let name: String
    public let parameters: Int
    /// Parameters that are not zero (what a sparse encoding stores).
    public let nonzeroParameters: Int
    /// Weight bytes as int8: dense filters N, sparse ones ⌈N/8⌉ + nonzeros, biases int32.
    /// For the float stages an estimate; for the int8 stage the `.kgl`'s constants.
    public let weightBytes: Int
    public let macs: Int
    /// MACs with nonzero weights: what zero-skipping kernels execute.
    public let nonzeroMacs: Int
    /// Arena with int8 activations (for the float stages, the planner run on the graph
    /// with 1-byte activations).
    public let arenaBytes: Int
    /// Output SQNR against the original float model on the measurement samples.
    public let outputSQNR: Double
    public let accuracy: Double?

    /// Measures a float graph.
    static func measure(_ name: String, _ graph: Graph, reference: FloatReference, samples: [[[Float]]],
                        labels: [Int]?) throws -> CompressionStage {
        let outputs = try FloatReference(graph: graph, samples: samples).outputs
        let (parameters, nonzero, bytes) = weights(graph)
        var macs = 0, nonzeroMacs = 0
        for op in graph.operators {
            let m = GraphReport.macs(op, graph)
            macs += m
            nonzeroMacs += m == 0 ? 0 : Int((Double(m) * density(op, graph)).rounded())
        }
        var planned = graph
        for i in planned.tensors.indices where !planned.tensors[i].isConstant && planned.tensors[i].type == .float32 {
            planned.tensors[i].type = .int8
        }
        return CompressionStage(
            name: name, parameters: parameters, nonzeroParameters: nonzero, weightBytes: bytes, macs: macs,
            nonzeroMacs: nonzeroMacs, arenaBytes: MemoryPlanner.plan(planned).arenaBytes,
            outputSQNR: FloatReference.sqnr(reference.outputs, outputs),
            accuracy: labels.map { FloatReference.accuracy(outputs, labels: $0) })
    }

    /// Fraction of nonzero values in a CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED filter.
    static func density(_ op: Operator, _ graph: Graph) -> Double {
        guard op.inputs.count > 1, op.inputs[1] >= 0, let values = graph.tensors[op.inputs[1]].floatValues,
              !values.isEmpty else { return 1 }
        return Double(values.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }) / Double(values.count)
    }

    /// Float constants' parameters, nonzeros, and their estimated int8 bytes.
    static func weights(_ graph: Graph) -> (parameters: Int, nonzero: Int, bytes: Int) {
        var filters = Set<Int>(), biases = Set<Int>()
        for op in graph.operators where op.kind.hasQuantizedWeights {
            if op.inputs.count > 1, op.inputs[1] >= 0 { filters.insert(op.inputs[1]) }
            if op.inputs.count > 2, op.inputs[2] >= 0 { biases.insert(op.inputs[2]) }
        }
        var parameters = 0, nonzero = 0, bytes = 0
        for (index, tensor) in graph.tensors.enumerated() {
            guard let values = tensor.floatValues else { continue }
            let n = values.count, nz = values.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
            parameters += n
            nonzero += nz
            if filters.contains(index) {
                bytes += SparseEncoding.filterBytes(count: n, nonzeros: nz)
            } else {
                bytes += biases.contains(index) ? 4 * n : n
            }
        }
        return (parameters, nonzero, bytes)
    }

    func text(relativeTo first: CompressionStage?) -> String {
        func ratio(_ a: Int, _ b: Int?) -> String {
            guard let b, b > 0 else { return "" }
            return String(format: " (%.2f×)", Double(a) / Double(b))
        }
        var line = "    \(name.rightPadded(22)) weights \(weightBytes) B\(ratio(weightBytes, first?.weightBytes))"
        line += ", params \(nonzeroParameters)/\(parameters) nonzero"
        line += ", MACs \(macs)\(ratio(macs, first?.macs))"
        if nonzeroMacs != macs { line += " (\(nonzeroMacs) nonzero)" }
        line += ", arena \(arenaBytes) B, SQNR \(QuantizationReport.decibels(outputSQNR)) dB"
        if let accuracy { line += String(format: ", accuracy %.2f%%", 100 * accuracy) }
        return line
    }

    func json() -> [String: Any] {
        ["name": name, "parameters": parameters, "nonzero_parameters": nonzeroParameters,
         "weight_bytes": weightBytes, "macs": macs, "nonzero_macs": nonzeroMacs, "arena_bytes": arenaBytes,
         "output_sqnr_db": outputSQNR.isFinite ? outputSQNR : 999, "accuracy": accuracy.map { $0 as Any } ?? NSNull()]
    }
}
