import KingletIR
import KingletPasses
import Testing

@Suite struct AbsorbInputNormalizationTests {
    static let multipliers: [Float] = [0.5, 4, 0.001]
    static let offsets: [Float] = [-1, 2, 0.25]

    /// x [1,3] → MUL(a) → ADD(b) → FULLY_CONNECTED [2] (as a canonicalized Keras Normalization).
    static func model(multipliers: [Float] = multipliers, offsets: [Float]? = offsets,
                      mulIsOutput: Bool = false) throws -> Graph {
        var b = GraphBuilder()
        let x = b.input("features", [1, 3])
        let a = b.constant("norm/a", [3], multipliers)
        var y = b.apply(.mul(activation: .none), [x, a], "norm/scale", [1, 3])
        if mulIsOutput { b.output(y) }
        if let offsets {
            let c = b.constant("norm/b", [1, 3], offsets)
            y = b.apply(.add(activation: .none), [y, c], "norm/shift", [1, 3])
        }
        let w = b.constant("fc/kernel", [2, 3], [1, -2, 0.5, 0.25, 1, -1])
        let bias = b.constant("fc/bias", [2], [0.1, -0.1])
        b.output(b.apply(.fullyConnected(activation: .none, keepNumDims: false), [y, w, bias], "fc", [1, 2]))
        return try b.build()
    }

    static func absorbed(_ graph: Graph) throws -> (graph: Graph, inputs: [String]) {
        var graph = graph
        var pass = AbsorbInputNormalization()
        try pass.absorb(&graph)
        try graph.run(RemoveDeadOperators())
        return (graph, pass.absorbed)
    }

    @Test func movesMulAndAddIntoTheInput() throws {
        let original = try Self.model()
        let (graph, inputs) = try Self.absorbed(original)
        #expect(inputs == ["features"])
        #expect(graph.kindNames == ["FULLY_CONNECTED"])
        let input = graph.tensors[graph.inputs[0]]
        #expect(input.name == "features")
        let normalization = try #require(input.normalization)
        #expect(normalization.multipliers == Self.multipliers)
        // x·a + b = (x − s)·a with s = −b / a.
        #expect(normalization.shifts == zip(Self.offsets, Self.multipliers).map { -$0 / $1 })
        // The model computes the same function of the caller's values.
        for x: [Double] in [[3, -1, 1000], [0, 0, 0], [-7.5, 0.125, -250]] {
            let expected = try FloatReference.run(original, [x])[0]
            let normalized = normalization.apply(x.map(Float.init)).map(Double.init)
            let got = try FloatReference.run(graph, [normalized])[0]
            for (e, g) in zip(expected, got) { #expect(abs(e - g) <= 1e-5 * max(1, abs(e)), "\(x): \(e) vs \(g)") }
        }
    }

    @Test func aMulAloneHasZeroShifts() throws {
        let (graph, _) = try Self.absorbed(try Self.model(offsets: nil))
        let normalization = try #require(graph.tensors[graph.inputs[0]].normalization)
        #expect(normalization.shifts == [0, 0, 0])
        #expect(graph.kindNames == ["FULLY_CONNECTED"])
    }

    /// One multiplier for every channel (Rescaling) costs int8 nothing: left in the graph.
    @Test func uniformScalesStay() throws {
        let (graph, inputs) = try Self.absorbed(try Self.model(multipliers: [0.5, 0.5, 0.5]))
        #expect(inputs.isEmpty)
        #expect(graph.kindNames == ["MUL", "ADD", "FULLY_CONNECTED"])
        #expect(graph.tensors.allSatisfy { $0.normalization == nil })
    }

    @Test func zeroMultipliersAndModelOutputsStay() throws {
        #expect(try Self.absorbed(try Self.model(multipliers: [0.5, 0, 2])).inputs.isEmpty)
        #expect(try Self.absorbed(try Self.model(mulIsOutput: true)).inputs.isEmpty)
    }

    @Test func onlyModelInputsMayCarryANormalization() throws {
        var graph = try Self.model()
        let inner = try #require(graph.tensor(named: "norm/scale"))
        graph.tensors[inner].normalization = InputNormalization(shifts: [0, 0, 0], multipliers: [1, 1, 1])
        #expect(throws: IRError.self) { try graph.verify() }
        var wrongCount = try Self.model()
        wrongCount.tensors[wrongCount.inputs[0]].normalization = InputNormalization(shifts: [0, 0], multipliers: [1, 1])
        #expect(throws: IRError.self) { try wrongCount.verify() }
    }
}
