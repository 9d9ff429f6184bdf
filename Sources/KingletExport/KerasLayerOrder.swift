/// The order of `model.layers` that Keras 3 gives a Functional model built from the layers
/// we write (keras/src/ops/function.py `map_graph`). It matters because `model.weights.h5`
/// files each layer's variables under `layers/<class in snake case>[_n]`, numbered in this
/// order, and Keras looks them up by that path alone.
///
/// Keras walks depth-first from each output through each layer's inputs in argument order,
/// numbering layers as it first meets them; a layer's depth is its longest distance to an
/// output; layers sort by decreasing depth, ties by that number. Inputs no output reads
/// come at depth 0 before the others there. Layers no output needs are not in the model.
enum KerasLayerOrder {
    static func order(_ layers: [ExportedLayer], inputs: [Int], outputs: [Int]) -> [Int] {
        // Depth-first visit (iterative: deep models must not exhaust a test thread's stack).
        var firstSeen: [Int: Int] = [:]
        var finished = Set<Int>()
        var postorder: [Int] = []
        for output in outputs where !finished.contains(output) {
            var stack: [(layer: Int, next: Int)] = [(output, 0)]
            if firstSeen[output] == nil { firstSeen[output] = firstSeen.count }
            while let top = stack.last {
                let parents = layers[top.layer].inputs
                if top.next < parents.count {
                    stack[stack.count - 1].next += 1
                    let parent = parents[top.next]
                    guard !finished.contains(parent), !stack.contains(where: { $0.layer == parent }) else { continue }
                    if firstSeen[parent] == nil { firstSeen[parent] = firstSeen.count }
                    stack.append((parent, 0))
                } else {
                    stack.removeLast()
                    finished.insert(top.layer)
                    postorder.append(top.layer)
                }
            }
        }
        // Consumers come before producers in reversed postorder, so each depth is final
        // before it is pushed to the layer's inputs.
        var depth: [Int: Int] = [:]
        for layer in postorder.reversed() {
            let own = depth[layer] ?? 0
            depth[layer] = own
            for parent in layers[layer].inputs { depth[parent] = max(depth[parent] ?? 0, own + 1) }
        }
        for input in inputs where depth[input] == nil {
            depth[input] = 0
            firstSeen[input] = -1
        }
        // Unread inputs share the number -1; a stable sort keeps them in input order.
        let reached = postorder + inputs.filter { !postorder.contains($0) }
        let sortedByFirstSeen = reached.enumerated().sorted { a, b in
            let (x, y) = (firstSeen[a.element] ?? 0, firstSeen[b.element] ?? 0)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
        let byDepth = sortedByFirstSeen.enumerated().sorted { a, b in
            let (x, y) = (depth[a.element] ?? 0, depth[b.element] ?? 0)
            return x != y ? x > y : a.offset < b.offset
        }
        return byDepth.map(\.element)
    }
}
