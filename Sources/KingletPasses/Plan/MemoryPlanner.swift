import KingletIR

/// Assigns arena offsets to activation tensors from their lifetimes, as a greedy
/// first-fit by decreasing size (the strategy of TFLite Micro's greedy planner): a tensor
/// lives from the operator that writes it (or the start, for a model input) to the last
/// operator that reads it (or the end, for a model output); tensors whose lifetimes overlap
/// never share bytes. Offsets are multiples of 16.
public enum MemoryPlanner {
    public static let alignment = 16

    public static func plan(_ graph: Graph) -> MemoryPlan {
        let end = graph.operators.count
        var first: [Int: Int] = [:]
        var last: [Int: Int] = [:]
        func isActivation(_ index: Int) -> Bool { index >= 0 && !graph.tensors[index].isConstant }
        for input in graph.inputs where isActivation(input) {
            first[input] = 0
            last[input] = max(last[input] ?? 0, 0)
        }
        for (position, op) in graph.operators.enumerated() {
            for output in op.outputs where isActivation(output) {
                first[output] = first[output] ?? position
                last[output] = max(last[output] ?? position, position)
            }
            for input in op.inputs where isActivation(input) {
                first[input] = first[input] ?? position
                last[input] = max(last[input] ?? position, position)
            }
        }
        for output in graph.outputs where isActivation(output) {
            first[output] = first[output] ?? end
            last[output] = end
        }

        struct Buffer { let tensor: Int; let size: Int; let first: Int; let last: Int }
        let buffers = first.keys.map { index in
            Buffer(tensor: index, size: align(graph.tensors[index].byteCount),
                   first: first[index]!, last: last[index]!)
        }.sorted { ($0.size, $1.tensor) > ($1.size, $0.tensor) }

        var placed: [(buffer: Buffer, offset: Int)] = []
        var plan = MemoryPlan()
        for buffer in buffers {
            let conflicts = placed
                .filter { $0.buffer.first <= buffer.last && buffer.first <= $0.buffer.last }
                .sorted { $0.offset < $1.offset }
            var offset = 0
            for other in conflicts {
                if offset + buffer.size <= other.offset { break }
                offset = max(offset, other.offset + other.buffer.size)
            }
            placed.append((buffer, offset))
            plan.offsets[buffer.tensor] = offset
            plan.arenaBytes = max(plan.arenaBytes, offset + buffer.size)
        }
        return plan
    }

    static func align(_ size: Int) -> Int {
        (size + alignment - 1) / alignment * alignment
    }
}
