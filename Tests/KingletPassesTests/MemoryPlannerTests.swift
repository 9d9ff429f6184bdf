import KingletIR
import KingletPasses
import Testing

@Suite struct MemoryPlannerTests {
    /// The rows rule by hand: 3x3 SAME stride 1 on 5 rows of 20 bytes. Row 0 reads rows 0-1,
    /// row r ≥ 1 reads r-1…r+1: top down, row r (≥ 1) ends at (r+1)·20 and must not reach
    /// row r-1's first byte, (r-1)·20: 40 bytes; bottom up the same by symmetry.
    @Test func windowRowsGapsByHand() {
        let same = WindowRows(inputRows: 5, inputRowBytes: 20, outputRows: 5, outputRowBytes: 20,
                              filter: 3, stride: 1, dilation: 1, padTop: 1)
        #expect(same.leastGapBefore == 40)
        #expect(same.leastGapAfter == 40)
        #expect(same.allows(inputOffset: 100, outputOffset: 60))
        #expect(!same.allows(inputOffset: 100, outputOffset: 61))
        #expect(same.allows(inputOffset: 100, outputOffset: 140))
        #expect(!same.allows(inputOffset: 100, outputOffset: 139))
        #expect(!same.allows(inputOffset: 100, outputOffset: 100))
        // 3x3 stride 2 from 6 rows to 3 (SAME: no padding on top), one byte per row. Top
        // down, row r ends at r+1 and first reads 2r: 1 byte (row 0). Bottom up, row r starts
        // at r and reads up to min(6, 2r+3): 4 bytes (rows 1 and 2). Bands of two rows: row 0
        // with row 1 ends at 2.
        let strided = WindowRows(inputRows: 6, inputRowBytes: 1, outputRows: 3, outputRowBytes: 1,
                                 filter: 3, stride: 2, dilation: 1, padTop: 0)
        #expect(strided.leastGapBefore == 1)
        #expect(strided.leastGapAfter == 4)
        #expect(strided.gapBefore(bandRows: 2) == 2)
        #expect(strided.gapAfter(bandRows: 3) == 6)
    }

    /// An int8 tensor of the graph (activation).
    static func tensor(_ graph: inout Graph, _ name: String, _ shape: [Int]) -> Int {
        graph.add(Tensor(name: name, type: .int8, shape: shape))
    }

    static func constant(_ graph: inout Graph, _ name: String, _ shape: [Int]) -> Int {
        graph.add(Tensor(name: name, type: .int8, shape: shape,
                         data: [UInt8](repeating: 1, count: shape.reduce(1, *))))
    }

    static let same = Conv2DAttributes(strideH: 1, strideW: 1, padding: .same, activation: .none)

    /// input [1,32,4,2] → 1x1 conv → a [1,32,4,8] → 3x3 depthwise → b → 3x3 depthwise → c →
    /// 1x1 conv → output [1,32,4,2]: two same-sized buffers side by side (2048 bytes) unless
    /// the depthwise layers run in place.
    static func depthwiseChain() -> (Graph, ops: [(input: Int, output: Int)]) {
        var g = Graph()
        let x = tensor(&g, "x", [1, 32, 4, 2])
        g.inputs = [x]
        let a = tensor(&g, "a", [1, 32, 4, 8]), b = tensor(&g, "b", [1, 32, 4, 8])
        let c = tensor(&g, "c", [1, 32, 4, 8]), y = tensor(&g, "y", [1, 32, 4, 2])
        g.operators = [
            Operator(kind: .conv2D(same), inputs: [x, constant(&g, "k0", [8, 1, 1, 2]), -1], outputs: [a]),
            Operator(kind: .depthwiseConv2D(same), inputs: [a, constant(&g, "k1", [1, 3, 3, 8]), -1], outputs: [b]),
            Operator(kind: .depthwiseConv2D(same), inputs: [b, constant(&g, "k2", [1, 3, 3, 8]), -1], outputs: [c]),
            Operator(kind: .conv2D(same), inputs: [c, constant(&g, "k3", [2, 1, 1, 8]), -1], outputs: [y]),
        ]
        g.outputs = [y]
        return (g, [(a, b), (b, c)])
    }

    @Test func depthwiseLayersRunInPlaceByTheRowsRule() {
        let (graph, pairs) = Self.depthwiseChain()
        let plan = MemoryPlanner.plan(graph)
        #expect(plan.arenaBytes < 2048, "arena \(plan.arenaBytes)")
        var overlapping = 0
        for (input, output) in pairs {
            let i = plan.offsets[input]!, o = plan.offsets[output]!
            guard i < o + 1024 && o < i + 1024 else { continue }
            overlapping += 1
            // Rows of 4 positions × 8 channels; 3x3 SAME stride 1.
            let rows = WindowRows(inputRows: 32, inputRowBytes: 32, outputRows: 32, outputRowBytes: 32,
                                  filter: 3, stride: 1, dilation: 1, padTop: 1)
            #expect(rows.allows(inputOffset: i, outputOffset: o), "input at \(i), output at \(o)")
            // Bands of at least 64 positions (16 rows), not one row per kernel call.
            #expect(abs(o - i) >= rows.gapBefore(bandRows: 16) || abs(o - i) >= rows.gapAfter(bandRows: 16))
        }
        #expect(overlapping >= 1)
        // The tensors that live together without being in place share no byte: x with a
        // (op 0), c with y (op 3).
        func apart(_ t: Int, _ u: Int) -> Bool {
            let a = plan.offsets[t]!, b = plan.offsets[u]!
            return a + graph.tensors[t].byteCount <= b || b + graph.tensors[u].byteCount <= a
        }
        #expect(apart(0, 1) && apart(3, 4))
    }

    /// x → conv → a; a → conv → b; ADD(a, b) → s; s → conv → y: the ADD's output may lie
    /// exactly on a or b, which die there, so s needs no third buffer.
    @Test func addRunsInPlaceOnExactlyAnInput() {
        var g = Graph()
        let x = Self.tensor(&g, "x", [1, 8, 8, 4])
        g.inputs = [x]
        let a = Self.tensor(&g, "a", [1, 8, 8, 16]), b = Self.tensor(&g, "b", [1, 8, 8, 16])
        let s = Self.tensor(&g, "s", [1, 8, 8, 16]), y = Self.tensor(&g, "y", [1, 8, 8, 4])
        g.operators = [
            Operator(kind: .conv2D(Self.same), inputs: [x, Self.constant(&g, "k0", [16, 1, 1, 4]), -1], outputs: [a]),
            Operator(kind: .conv2D(Self.same), inputs: [a, Self.constant(&g, "k1", [16, 1, 1, 16]), -1], outputs: [b]),
            Operator(kind: .add(activation: .none), inputs: [a, b], outputs: [s]),
            Operator(kind: .conv2D(Self.same), inputs: [s, Self.constant(&g, "k2", [4, 1, 1, 16]), -1], outputs: [y]),
        ]
        g.outputs = [y]
        let plan = MemoryPlanner.plan(g)
        #expect(plan.offsets[s] == plan.offsets[a] || plan.offsets[s] == plan.offsets[b])
        #expect(plan.arenaBytes == 2048, "arena \(plan.arenaBytes)")
    }

    /// Without a peak to lower, nothing runs in place (a window in place costs kernel calls).
    @Test func nothingRunsInPlaceWhereTheArenaDoesNotShrink() {
        var g = Graph()
        let x = Self.tensor(&g, "x", [1, 32, 4, 8])
        g.inputs = [x]
        let a = Self.tensor(&g, "a", [1, 32, 4, 8]), y = Self.tensor(&g, "y", [1, 32, 4, 8])
        g.operators = [
            // The model input is never overwritten, so the peak is x and a side by side.
            Operator(kind: .depthwiseConv2D(Self.same), inputs: [x, Self.constant(&g, "k0", [1, 3, 3, 8]), -1], outputs: [a]),
            Operator(kind: .depthwiseConv2D(Self.same), inputs: [a, Self.constant(&g, "k1", [1, 3, 3, 8]), -1], outputs: [y]),
        ]
        g.outputs = [y]
        let plan = MemoryPlanner.plan(g)
        #expect(plan.arenaBytes == 2048)
        let i = plan.offsets[a]!, o = plan.offsets[y]!
        #expect(!(i < o + 1024 && o < i + 1024), "a at \(i), y at \(o)")
    }

    /// A residual block, x → conv → s; s → conv → a; a → conv → b; ADD(b, s) → r; r → conv
    /// → y, all [1,8,8,16] (1024 bytes): unfused, s, a and b live together at the second
    /// convolution; fused (format 1.6), b takes no bytes and r lies on s, so two buffers do.
    @Test func aResidualAddIsFusedIntoItsConvolutionWhereThatLowersThePeak() {
        var g = Graph()
        let x = Self.tensor(&g, "x", [1, 8, 8, 4])
        g.inputs = [x]
        let s = Self.tensor(&g, "s", [1, 8, 8, 16]), a = Self.tensor(&g, "a", [1, 8, 8, 16])
        let b = Self.tensor(&g, "b", [1, 8, 8, 16]), r = Self.tensor(&g, "r", [1, 8, 8, 16])
        let y = Self.tensor(&g, "y", [1, 8, 8, 4])
        g.operators = [
            Operator(kind: .conv2D(Self.same), inputs: [x, Self.constant(&g, "k0", [16, 1, 1, 4]), -1], outputs: [s]),
            Operator(kind: .conv2D(Self.same), inputs: [s, Self.constant(&g, "k1", [16, 3, 3, 16]), -1], outputs: [a]),
            Operator(kind: .conv2D(Self.same), inputs: [a, Self.constant(&g, "k2", [16, 3, 3, 16]), -1], outputs: [b]),
            Operator(kind: .add(activation: .none), inputs: [b, s], outputs: [r]),
            Operator(kind: .conv2D(Self.same), inputs: [r, Self.constant(&g, "k3", [4, 1, 1, 16]), -1], outputs: [y]),
        ]
        g.outputs = [y]
        let plan = MemoryPlanner.plan(g)
        #expect(plan.fused == [b])
        #expect(plan.offsets[b] == nil)
        #expect(plan.arenaBytes == 2048, "arena \(plan.arenaBytes)")
        // r is written while a is read (by the fused convolution): apart from a, on s.
        let ao = plan.offsets[a]!, ro = plan.offsets[r]!
        #expect(ro + 1024 <= ao || ao + 1024 <= ro, "a at \(ao), r at \(ro)")
        #expect(ro == plan.offsets[s])

        // The same block whose ADD reads the second convolution's own input (b = conv(a),
        // ADD(b, a)) is not fused: the fused pass could write r over the a it reads.
        var h = g
        h.operators[3] = Operator(kind: .add(activation: .none), inputs: [b, a], outputs: [r])
        #expect(MemoryPlanner.plan(h).fused.isEmpty)
    }

}
