import KingletIR
import KingletPasses
import Testing

@Suite struct RemoveIdentitiesTests {
    /// x → RELU → IDENTITY → RELU6: the identity goes, the RELU6 reads the RELU's output.
    @Test func identityBetweenOperatorsIsBypassed() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let r = b.apply(.relu, [x], "relu", [1, 4])
        let d = b.apply(.identity, [r], "dropout", [1, 4])
        let y = b.apply(.relu6, [d], "relu6", [1, 4])
        b.output(y)
        var graph = try b.build()
        try graph.run(RemoveIdentities())
        #expect(graph.kindNames == ["RELU", "RELU6"])
        #expect(graph.operators[1].inputs == [r])
        #expect(graph.outputs == [y])
        #expect(graph.inputs == [x])
    }

    /// A model output written by an identity becomes the identity's input, which takes the
    /// output's name (the dropped tensor takes the input's old name).
    @Test func modelOutputMovesToTheInputAndKeepsItsName() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let r = b.apply(.relu, [x], "dense/relu", [1, 4])
        let d = b.apply(.identity, [r], "dropout", [1, 4])
        b.output(d)
        var graph = try b.build()
        try graph.run(RemoveIdentities())
        #expect(graph.kindNames == ["RELU"])
        #expect(graph.outputs == [r])
        #expect(graph.operators[0].outputs == [r])
        #expect(graph.tensors[r].name == "dropout")
        #expect(graph.tensors[d].name == "dense/relu")
        #expect(graph.tensor(named: "dropout") == r)
    }

    /// Chained no-ops into a model output all go; the output is the first real tensor.
    @Test func chainIntoModelOutput() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2, 2, 3])
        let r = b.apply(.relu, [x], "relu", [1, 2, 2, 3])
        let d1 = b.apply(.identity, [r], "dropout", [1, 2, 2, 3])
        let d2 = b.apply(.identity, [d1], "noise", [1, 2, 2, 3])
        let s = b.apply(.reshape, [d2], "reshape", [1, 2, 2, 3])
        b.output(s)
        var graph = try b.build()
        try graph.run(RemoveIdentities())
        #expect(graph.kindNames == ["RELU"])
        #expect(graph.outputs == [r])
        #expect(graph.tensors[r].name == "reshape")
        try graph.run(RemoveDeadOperators())
        #expect(graph.tensors.map(\.name) == ["x", "reshape"])
    }

    /// An identity from a model input to a model output stays: one tensor cannot be both.
    @Test func identityFromModelInputToModelOutputStays() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let d = b.apply(.identity, [x], "dropout", [1, 4])
        b.output(d)
        var graph = try b.build()
        try graph.run(RemoveIdentities())
        #expect(graph.kindNames == ["IDENTITY"])
        #expect(graph.outputs == [d])
        #expect(graph.tensors[x].name == "x")
    }

    /// An identity copying one model output into another stays.
    @Test func identityBetweenTwoModelOutputsStays() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let r = b.apply(.relu, [x], "relu", [1, 4])
        let d = b.apply(.identity, [r], "dropout", [1, 4])
        b.output(r)
        b.output(d)
        var graph = try b.build()
        try graph.run(RemoveIdentities())
        #expect(graph.kindNames == ["RELU", "IDENTITY"])
        #expect(graph.outputs == [r, d])
    }

    /// An identity reading a model input that is not a model output just goes.
    @Test func identityOfModelInputInsideTheGraph() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let d = b.apply(.identity, [x], "noise", [1, 4])
        let y = b.apply(.relu, [d], "relu", [1, 4])
        b.output(y)
        var graph = try b.build()
        try graph.run(RemoveIdentities())
        #expect(graph.kindNames == ["RELU"])
        #expect(graph.operators[0].inputs == [x])
    }

    /// Every reader of a dropped output is rewired, including a second slot of one operator.
    @Test func everyReaderIsRewired() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let r = b.apply(.relu, [x], "relu", [1, 4])
        let d = b.apply(.identity, [r], "dropout", [1, 4])
        let s = b.apply(.add(activation: .none), [d, d], "add", [1, 4])
        let m = b.apply(.mul(activation: .none), [s, d], "mul", [1, 4])
        b.output(m)
        var graph = try b.build()
        try graph.run(RemoveIdentities())
        #expect(graph.kindNames == ["RELU", "ADD", "MUL"])
        #expect(graph.operators[1].inputs == [r, r])
        #expect(graph.operators[2].inputs == [s, r])
    }

    /// RESHAPE and SQUEEZE go only when the shape does not change.
    @Test func reshapeAndSqueezeGoOnlyWhenShapePreserving() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2, 3])
        let r = b.apply(.relu, [x], "relu", [1, 2, 3])
        let newShape = b.graph.add(Tensor(name: "shape", shape: [3], int32s: [1, 2, 3]))
        let same = b.apply(.reshape, [r, newShape], "reshape_same", [1, 2, 3])
        let squeezed = b.apply(.squeeze(axes: []), [same], "squeeze_same", [1, 2, 3])
        let flat = b.apply(.reshape, [squeezed], "flatten", [1, 6])
        let dropped = b.apply(.squeeze(axes: [0]), [flat], "squeeze", [6])
        b.output(dropped)
        var graph = try b.build()
        try graph.run(RemoveIdentities())
        #expect(graph.kindNames == ["RELU", "RESHAPE", "SQUEEZE"])
        #expect(graph.operators[1].inputs == [r])
        #expect(graph.operators[1].outputs == [flat])
        #expect(graph.outputs == [dropped])
    }

    /// An IDENTITY that reshapes (same element count) becomes a RESHAPE rather than being dropped.
    @Test func shapeChangingIdentityBecomesReshape() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 2, 2])
        let r = b.apply(.relu, [x], "relu", [1, 2, 2])
        let d = b.apply(.identity, [r], "odd", [1, 4])
        b.output(d)
        var graph = try b.build()
        try graph.run(RemoveIdentities())
        #expect(graph.kindNames == ["RELU", "RESHAPE"])
        #expect(graph.operators[1].inputs == [r])
        #expect(graph.outputs == [d])
    }

    @Test func malformedIdentitiesThrow() throws {
        var b = GraphBuilder()
        let x = b.input("x", [1, 4])
        let y = b.input("y", [1, 4])
        let d = b.apply(.identity, [x, y], "dropout", [1, 4])
        b.output(d)
        var twoInputs = try b.build()
        #expect(throws: PassError.self) { try RemoveIdentities().run(&twoInputs) }

        var c = GraphBuilder()
        let z = c.input("z", [1, 4])
        let e = c.apply(.identity, [z], "dropout", [1, 5])
        c.output(e)
        var resized = try c.build()
        let error = #expect(throws: PassError.self) { try RemoveIdentities().run(&resized) }
        #expect(error?.message.contains("'dropout'") == true)
    }
}
