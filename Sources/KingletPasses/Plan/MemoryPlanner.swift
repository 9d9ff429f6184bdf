import KingletIR

/// Assigns arena offsets to activation tensors from their lifetimes: a tensor lives from the
/// operator that writes it (or the start, for a model input) to the last operator that reads
/// it (or the end, for a model output); tensors whose lifetimes overlap never share bytes,
/// except an output and an input of the operator where that input dies, in place (format
/// 1.5): an int8 window's by the rows rule (WindowRows), an int8 ADD's on exactly its bytes.
///
/// Each tensor goes to the lowest offset its placed neighbours leave free (first fit), in
/// several orders — by decreasing size (TFLite Micro's greedy planner), by first use, by last
/// use, and both reversed — and the smallest arena wins: which order packs best depends on
/// the graph, and placing outputs first lets chains of in-place layers step through memory.
/// A CONV_2D whose output only the next operator, an ADD, reads may be fused with it (format
/// 1.6): the convolution writes the ADD's output in its own pass, so its output takes no
/// bytes and the ADD's output lives from the convolution on. Fused where that lowers the
/// arena, as in place.
///
/// Offsets are multiples of 16.
public enum MemoryPlanner {
    public static let alignment = 16

    /// One activation tensor: its bytes and the operators from its first write to its last read.
    struct Buffer {
        let tensor: Int
        let size: Int
        let first: Int
        let last: Int
    }

    /// An output that may overlap an input of its operator (which dies there): by the rows
    /// rule, starting at least gapBefore bytes before or gapAfter after it (a window), or on
    /// exactly its bytes (`exact`: ADD).
    struct InPlace {
        let input: Int
        let gapBefore: Int
        let gapAfter: Int
        let exact: Bool
    }

    /// Output positions (rows × width) an in-place window computes per band at least: each
    /// band is a kernel call with its own setup (weights prepared, rows copied), which over 64
    /// positions costs about 2 % of the band's work on Cortex-M4.
    public static let inPlaceBandPositions = 64

    public static func plan(_ graph: Graph) -> MemoryPlan {
        // Fused only where it makes the arena smaller, as in place below.
        var fused = fusibleConvolutions(graph)
        var best = plan(graph, fused: fused)
        for tensor in fused.sorted() {
            var fewer = fused
            fewer.remove(tensor)
            let trial = plan(graph, fused: fewer)
            if trial.arenaBytes <= best.arenaBytes {
                fused = fewer
                best = trial
            }
        }
        return best
    }

    /// The plan with the given convolution outputs fused.
    static func plan(_ graph: Graph, fused: Set<Int>) -> MemoryPlan {
        let buffers = lifetimes(graph, fused: fused)
        var inPlace = inPlaceOutputs(graph, buffers, fused: fused)
        var best = plan(buffers, inPlace)
        // In place only where it makes the arena smaller: every other operator keeps its
        // plain kernel call (a window in place runs in bands). Only the pairs the plan
        // overlaps are tried (the others cost nothing), which keeps large graphs quick.
        func overlapping(_ output: Int, _ plan: MemoryPlan) -> Bool {
            guard let o = plan.offsets[output], let size = buffers[output]?.size else { return false }
            return inPlace[output]?.contains { rule in
                guard let i = plan.offsets[rule.input], let inputSize = buffers[rule.input]?.size else { return false }
                return o < i + inputSize && i < o + size
            } ?? false
        }
        for output in inPlace.keys.sorted() where overlapping(output, best) {
            var fewer = inPlace
            fewer[output] = nil
            let trial = plan(buffers, fewer)
            if trial.arenaBytes <= best.arenaBytes {
                inPlace = fewer
                best = trial
            }
        }
        best.fused = fused
        return best
    }

    /// The int8 CONV_2D outputs an ADD could be fused into: read only by the next operator, an
    /// int8 ADD of two activations of the output's shape (nothing broadcast), whose other input
    /// is not the convolution's input (the fused pass may write the ADD's output over it).
    static func fusibleConvolutions(_ graph: Graph) -> Set<Int> {
        var readers: [Int: Int] = [:]
        for op in graph.operators {
            for input in op.inputs where input >= 0 { readers[input, default: 0] += 1 }
        }
        var result: Set<Int> = []
        for (position, op) in graph.operators.enumerated().dropLast() {
            guard case .conv2D = op.kind, op.outputs.count == 1, op.inputs.count >= 1 else { continue }
            let next = graph.operators[position + 1]
            let y = op.outputs[0], x = op.inputs[0]
            guard case .add = next.kind, next.inputs.count == 2, next.outputs.count == 1,
                  next.inputs.filter({ $0 == y }).count == 1, readers[y] == 1,
                  !graph.outputs.contains(y), !graph.inputs.contains(y) else { continue }
            let skip = next.inputs[0] == y ? next.inputs[1] : next.inputs[0]
            let int8 = [x, y, skip, next.outputs[0]].allSatisfy { $0 >= 0 && graph.tensors[$0].type == .int8 }
            guard int8, skip != x, !graph.tensors[skip].isConstant,
                  graph.tensors[skip].shape == graph.tensors[y].shape,
                  graph.tensors[next.outputs[0]].shape == graph.tensors[y].shape else { continue }
            result.insert(y)
        }
        return result
    }

    /// The smallest arena of first fit over the orders.
    static func plan(_ buffers: [Int: Buffer], _ inPlace: [Int: [InPlace]]) -> MemoryPlan {
        let orders: [(Buffer, Buffer) -> Bool] = [
            { ($0.size, $1.tensor) > ($1.size, $0.tensor) },
            { ($0.first, $0.tensor) < ($1.first, $1.tensor) },
            { ($0.first, $0.tensor) > ($1.first, $1.tensor) },
            { ($0.last, $0.tensor) < ($1.last, $1.tensor) },
            { ($0.last, $0.tensor) > ($1.last, $1.tensor) },
        ]
        var best: MemoryPlan?
        for order in orders {
            let plan = place(buffers.values.sorted(by: order), inPlace)
            if best == nil || plan.arenaBytes < best!.arenaBytes {
                best = plan
            }
        }
        return best ?? MemoryPlan()
    }

    /// The activation tensors by index, with their lifetimes.
    /// A fused convolution output has none, and its ADD's output starts at the convolution.
    static func lifetimes(_ graph: Graph, fused: Set<Int> = []) -> [Int: Buffer] {
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
        for (position, op) in graph.operators.enumerated() where op.outputs.contains(where: fused.contains) {
            first[op.outputs[0]] = nil
            let sum = graph.operators[position + 1].outputs[0]
            first[sum] = min(first[sum] ?? position, position)
        }
        var buffers: [Int: Buffer] = [:]
        for (index, start) in first {
            buffers[index] = Buffer(tensor: index, size: align(graph.tensors[index].byteCount),
                                    first: start, last: last[index]!)
        }
        return buffers
    }

    /// The outputs that may overlap an input of their operator (format 1.5), each with the
    /// inputs it may overlap: int8 CONV_2D and DEPTHWISE_CONV_2D of one batch over input 0 by
    /// the rows rule, int8 ADD that broadcasts nothing on exactly either input. Only an input
    /// read last there and an output first written there, never a model input or output (the
    /// caller writes and reads those).
    static func inPlaceOutputs(_ graph: Graph, _ buffers: [Int: Buffer], fused: Set<Int> = []) -> [Int: [InPlace]] {
        var result: [Int: [InPlace]] = [:]
        for (position, op) in graph.operators.enumerated() {
            // A fused ADD's output is first written by the convolution before it.
            let written = op.inputs.contains(where: fused.contains) ? position - 1 : position
            guard op.outputs.count == 1, let output = buffers[op.outputs[0]], output.first == written,
                  !graph.outputs.contains(output.tensor), graph.tensors[output.tensor].type == .int8
            else { continue }
            func dying(_ k: Int) -> Buffer? {
                guard k < op.inputs.count, let input = buffers[op.inputs[k]], input.last == position,
                      !graph.inputs.contains(input.tensor), graph.tensors[input.tensor].type == .int8
                else { return nil }
                return input
            }
            let y = graph.tensors[output.tensor]
            switch op.kind {
            case .conv2D(let a), .depthwiseConv2D(let a):
                guard let input = dying(0), op.inputs.count >= 2, op.inputs[1] >= 0 else { continue }
                let x = graph.tensors[input.tensor], weights = graph.tensors[op.inputs[1]]
                guard weights.shape.count == 4, x.shape.count == 4 else { continue }
                let padding = SpatialPadding(a.padding, input: x.shape[1], filter: weights.shape[1],
                                             stride: a.strideH, dilation: a.dilationH)
                guard let rows = WindowRows(input: x.shape, output: y.shape, elementBytes: 1,
                                            filter: weights.shape[1], stride: a.strideH,
                                            dilation: a.dilationH, padTop: padding.before)
                else { continue }
                let width = max(y.shape[2], 1)
                let band = min((inPlaceBandPositions + width - 1) / width, y.shape[1])
                result[output.tensor] = [InPlace(input: input.tensor, gapBefore: rows.gapBefore(bandRows: band),
                                                 gapAfter: rows.gapAfter(bandRows: band), exact: false)]
            case .add:
                guard op.inputs.count == 2,
                      op.inputs.allSatisfy({ $0 >= 0 && graph.tensors[$0].elementCount == y.elementCount })
                else { continue }
                result[output.tensor] = (0..<2).compactMap(dying).map {
                    InPlace(input: $0.tensor, gapBefore: 0, gapAfter: 0, exact: true)
                }
            default:
                continue
            }
        }
        return result
    }

    /// First fit in the given order.
    static func place(_ order: [Buffer], _ inPlace: [Int: [InPlace]]) -> MemoryPlan {
        var placed: [(buffer: Buffer, offset: Int)] = []
        var plan = MemoryPlan()
        for buffer in order {
            // Each placed neighbour whose lifetime meets this one's rules out the offsets
            // strictly between `low` and `high`.
            var blocked: [(low: Int, high: Int)] = []
            for (other, offset) in placed where other.first <= buffer.last && buffer.first <= other.last {
                // An in-place pair: this buffer the output over `other`, or the input under it.
                let asOutput = inPlace[buffer.tensor]?.first { $0.input == other.tensor }
                let asInput = inPlace[other.tensor]?.first { $0.input == buffer.tensor }
                guard let rule = asOutput ?? asInput else {
                    blocked.append((offset - buffer.size, offset + other.size))
                    continue
                }
                if rule.exact && buffer.size == other.size {
                    // On exactly the other's bytes, or apart.
                    blocked.append((offset - buffer.size, offset))
                    blocked.append((offset, offset + other.size))
                } else {
                    // An output may start gapBefore before its input or gapAfter after it: an
                    // input, gapBefore after its output or gapAfter before it.
                    let below = asOutput != nil ? rule.gapBefore : rule.gapAfter
                    let above = asOutput != nil ? rule.gapAfter : rule.gapBefore
                    blocked.append((offset - min(below, buffer.size), offset + min(above, other.size)))
                }
            }
            var offset = 0
            for range in blocked.sorted(by: { $0.low < $1.low }) {
                if offset <= range.low { break }
                if offset < range.high { offset = align(range.high) }
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
