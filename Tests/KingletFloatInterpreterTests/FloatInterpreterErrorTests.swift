import KingletFloatInterpreter
import KingletIR
import Testing

/// Everything wrong with a graph is refused by `init` with a message naming the operator
/// (index, kind, layer) and the problem; `run` refuses wrong inputs. None of these trap.
@Suite struct FloatInterpreterErrorTests {
    static let conv = Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid, activation: .none)

    @Test func messageNamesOperatorKindAndLayer() {
        var b = FloatGraphBuilder()
        let x = b.input([1, 4])
        let r = b.op(.relu, [x], [1, 4], name: "first")
        b.output(b.op(.fullyConnected(activation: .none, keepNumDims: false), [r], [1, 2], name: "dense_1"))
        let message = FloatTesting.initError(b.graph)
        #expect(message?.hasPrefix("operator 1 (FULLY_CONNECTED 'dense_1'): has 1 operands, expected 2 to 3") == true,
                "\(message ?? "accepted")")
    }

    @Test func wrongOperandCount() {
        let tooMany = FloatTesting.oneOp(.relu, [.input([2]), .input([2])], output: [2])
        #expect(FloatTesting.initError(tooMany)?.contains("has 2 operands, expected 1") == true)
        let tooFew = FloatTesting.oneOp(.conv2D(Self.conv), [.input([1, 2, 2, 1])], output: [1, 2, 2, 1])
        #expect(FloatTesting.initError(tooFew)?.contains("expected 2 to 3") == true)
        let noBatchNormMean = FloatTesting.oneOp(.batchNormalization(epsilon: 0), [.input([2]), .absent, .absent], output: [2])
        #expect(FloatTesting.initError(noBatchNormMean)?.contains("expected 5") == true)
        let absentRequired = FloatTesting.oneOp(.conv2D(Self.conv), [.input([1, 2, 2, 1]), .absent], output: [1, 2, 2, 1])
        #expect(FloatTesting.initError(absentRequired)?.contains("filter (operand 1) is absent") == true)
    }

    @Test func filterChannelMismatch() {
        let conv = FloatTesting.oneOp(.conv2D(Self.conv),
                                      [.input([1, 2, 2, 3]), .constant([1, 1, 1, 2], [1, 1])], output: [1, 2, 2, 1])
        #expect(FloatTesting.initError(conv)?.contains("does not fit input") == true)
        var dw = Self.conv
        dw.depthMultiplier = 2
        let depthwise = FloatTesting.oneOp(.depthwiseConv2D(dw),
                                           [.input([1, 2, 2, 3]), .constant([1, 1, 1, 3], [1, 1, 1])], output: [1, 2, 2, 6])
        #expect(FloatTesting.initError(depthwise)?.contains("expected [1, kh, kw, 6]") == true)
        let transposed = FloatTesting.oneOp(.transposeConv2D(Self.conv),
                                            [.input([1, 2, 2, 3]), .constant([1, 1, 1, 2], [1, 1])], output: [1, 2, 2, 1])
        #expect(FloatTesting.initError(transposed)?.contains("does not fit input") == true)
        let dense = FloatTesting.oneOp(.fullyConnected(activation: .none, keepNumDims: false),
                                       [.input([1, 5]), .constant([2, 3], [1, 1, 1, 1, 1, 1])], output: [1, 2])
        #expect(FloatTesting.initError(dense)?.contains("does not split into rows") == true)
        let bias = FloatTesting.oneOp(.conv2D(Self.conv),
                                      [.input([1, 2, 2, 1]), .constant([2, 1, 1, 1], [1, 1]), .constant([1], [0])],
                                      output: [1, 2, 2, 2])
        #expect(FloatTesting.initError(bias)?.contains("bias has shape [1], expected [2]") == true)
    }

    @Test func outputShapeMismatch() {
        let conv = FloatTesting.oneOp(.conv2D(Conv2DAttributes(strideH: 2, strideW: 2, padding: .same, activation: .none)),
                                      [.input([1, 8, 8, 1]), .constant([1, 3, 3, 1], [Float](repeating: 1, count: 9))],
                                      output: [1, 3, 4, 1])
        #expect(FloatTesting.initError(conv)?.contains("height: output size 3") == true)
        let channels = FloatTesting.oneOp(.conv2D(Self.conv), [.input([1, 2, 2, 1]), .constant([1, 1, 1, 1], [1])],
                                          output: [1, 2, 2, 2])
        #expect(FloatTesting.initError(channels)?.contains("expected [1, 2, 2, 1]") == true)
        let pool = FloatTesting.oneOp(.maxPool2D(Pool2DAttributes(filterH: 5, filterW: 5, strideH: 1, strideW: 1,
                                                                  padding: .valid, activation: .none)),
                                      [.input([1, 4, 4, 1])], output: [1, 1, 1, 1])
        #expect(FloatTesting.initError(pool)?.contains("smaller than the window") == true)
    }

    @Test func badPermutation() {
        let g = FloatTesting.oneOp(.transpose, [.input([2, 3]), .int32([2], [1, 1])], output: [3, 2])
        #expect(FloatTesting.initError(g)?.hasPrefix("operator 0 (TRANSPOSE 'layer'): [1, 1] is not a permutation") == true)
    }

    @Test func missingConstant() {
        // An integer operand without data.
        var b = FloatGraphBuilder()
        let x = b.input([2, 3])
        let perm = b.graph.add(Tensor(name: "perm", type: .int32, shape: [2]))
        b.output(b.op(.transpose, [x, perm], [3, 2]))
        #expect(FloatTesting.initError(b.graph)?.contains("operand 1 'perm' is neither a constant") == true)
        // A float weight nobody defines.
        var c = FloatGraphBuilder()
        let y = c.input([1, 3])
        let w = c.graph.add(Tensor(name: "kernel", type: .float32, shape: [2, 3]))
        c.output(c.op(.fullyConnected(activation: .none, keepNumDims: false), [y, w], [1, 2]))
        #expect(FloatTesting.initError(c.graph)?.contains("'kernel' is neither a constant, a graph input nor an earlier operator's output") == true)
        // An integer operand that is a graph input rather than a constant.
        var d = FloatGraphBuilder()
        let z = d.input([2, 2])
        let axes = d.graph.add(Tensor(name: "axes", type: .int32, shape: [1]))
        d.graph.inputs.append(axes)
        d.output(d.op(.mean(keepDims: false), [z, axes], [2]))
        #expect(FloatTesting.initError(d.graph)?.contains("is int32; the float interpreter needs float32") == true)
        // Constant data shorter than the shape says.
        var e = FloatGraphBuilder()
        let v = e.input([2])
        let alpha = e.graph.add(Tensor(name: "alpha", type: .float32, shape: [2], data: [0, 0, 0, 0]))
        e.output(e.op(.prelu, [v, alpha], [2]))
        #expect(FloatTesting.initError(e.graph)?.contains("holds 4 bytes") == true)
    }

    @Test func wrongInputAtRun() throws {
        let interpreter = try FloatInterpreter(graph: FloatTesting.oneOp(.relu, [.input([2, 3])], output: [2, 3]))
        #expect(throws: FloatInterpreterError.self) { try interpreter.run([[1, 2, 3]]) }
        #expect(throws: FloatInterpreterError.self) { try interpreter.run([]) }
        #expect(throws: FloatInterpreterError.self) { try interpreter.run([[1, 2, 3, 4, 5, 6], [1]]) }
        do {
            _ = try interpreter.run([[1, 2, 3, 4, 5]])
        } catch {
            #expect(error.message == "input 0 'x0' [2, 3] needs 6 values, got 5")
        }
        #expect(try interpreter.run([[-1, 2, -3, 4, -5, 6]]) == [[0, 2, 0, 4, 0, 6]])
    }

    @Test func nonFloatOperators() {
        let quantize = FloatTesting.oneOp(.quantize, [.input([2])], output: [2])
        #expect(FloatTesting.initError(quantize)?.contains("QUANTIZE is not a float operator") == true)
        let dequantize = FloatTesting.oneOp(.dequantize, [.input([2])], output: [2])
        #expect(FloatTesting.initError(dequantize)?.contains("DEQUANTIZE is not a float operator") == true)
        for kind: OperatorKind in [.shape, .pack(axis: 0),
                                   .stridedSlice(StridedSliceAttributes(beginMask: 0, endMask: 0, ellipsisMask: 0,
                                                                        newAxisMask: 0, shrinkAxisMask: 0))] {
            let g = FloatTesting.oneOp(kind, [.input([2])], output: [2])
            #expect(FloatTesting.initError(g)?.contains("shape arithmetic, which must be folded first") == true)
        }
    }

    /// Hostile graphs: sizes that overflow, indices out of range, tensors written twice, huge
    /// strides and windows, wrong types. Each is refused, none traps.
    @Test func hostileGraphs() {
        let overflow = FloatTesting.oneOp(.relu, [.input([1 << 40, 1 << 40])], output: [1 << 40, 1 << 40])
        #expect(FloatTesting.initError(overflow)?.contains("overflows") == true)
        let huge = FloatTesting.oneOp(.relu, [.input([1 << 20, 1 << 20])], output: [1 << 20, 1 << 20])
        #expect(FloatTesting.initError(huge)?.contains("at most") == true)
        let negative = FloatTesting.oneOp(.relu, [.input([-2, -3])], output: [-2, -3])
        #expect(FloatTesting.initError(negative)?.contains("negative") == true)
        let zero = FloatTesting.oneOp(.softmax(beta: 1), [.input([2, 0])], output: [2, 0])
        #expect(FloatTesting.initError(zero)?.contains("zero dimension") == true)

        var outOfRange = FloatTesting.oneOp(.relu, [.input([2])], output: [2])
        outOfRange.operators[0].inputs = [7]
        #expect(FloatTesting.initError(outOfRange)?.contains("refers to tensor 7") == true)
        var absentInput = FloatTesting.oneOp(.relu, [.input([2])], output: [2])
        absentInput.operators[0].inputs = [-1]
        #expect(FloatTesting.initError(absentInput)?.contains("input (operand 0) is absent") == true)
        var twice = FloatTesting.oneOp(.relu, [.input([2])], output: [2])
        twice.operators.append(twice.operators[0])
        #expect(FloatTesting.initError(twice)?.contains("written more than once") == true)
        var badOutput = FloatTesting.oneOp(.relu, [.input([2])], output: [2])
        badOutput.outputs = [-1]
        #expect(FloatTesting.initError(badOutput)?.contains("graph output 0 refers to tensor -1") == true)
        var noOutputs = FloatTesting.oneOp(.relu, [.input([2])], output: [2])
        noOutputs.operators[0].outputs = []
        #expect(FloatTesting.initError(noOutputs)?.contains("has 0 outputs") == true)
        var intOutput = FloatTesting.oneOp(.relu, [.input([2])], output: [2])
        intOutput.tensors[1].type = .int8
        #expect(FloatTesting.initError(intOutput)?.contains("is int8") == true)

        for stride in [0, -1] {
            let g = FloatTesting.oneOp(.conv2D(Conv2DAttributes(strideH: stride, strideW: 1, padding: .same, activation: .none)),
                                       [.input([1, 4, 4, 1]), .constant([1, 1, 1, 1], [1])], output: [1, 4, 4, 1])
            #expect(FloatTesting.initError(g)?.contains("must be ≥ 1") == true)
        }
        let bigStride = FloatTesting.oneOp(.conv2D(Conv2DAttributes(strideH: .max, strideW: .max, padding: .same, activation: .none)),
                                           [.input([1, 4, 4, 1]), .constant([1, 3, 3, 1], [Float](repeating: 1, count: 9))],
                                           output: [1, 1, 1, 1])
        #expect(FloatTesting.initError(bigStride) == nil)
        let bigDilation = FloatTesting.oneOp(.conv2D(Conv2DAttributes(strideH: 1, strideW: 1, dilationH: .max, dilationW: 1,
                                                                      padding: .same, activation: .none)),
                                             [.input([1, 4, 4, 1]), .constant([1, 3, 3, 1], [Float](repeating: 1, count: 9))],
                                             output: [1, 4, 4, 1])
        #expect(FloatTesting.initError(bigDilation)?.contains("spans more than") == true)
        let bigWindow = FloatTesting.oneOp(.averagePool2D(Pool2DAttributes(filterH: .max, filterW: 1, strideH: 1, strideW: 1,
                                                                           padding: .same, activation: .none)),
                                           [.input([1, 4, 4, 1])], output: [1, 4, 4, 1])
        #expect(FloatTesting.initError(bigWindow)?.contains("spans more than") == true)
        let bigMultiplier = FloatTesting.oneOp(.depthwiseConv2D(Conv2DAttributes(strideH: 1, strideW: 1, padding: .valid,
                                                                                 activation: .none, depthMultiplier: .max)),
                                               [.input([1, 1, 1, 2]), .constant([1, 1, 1, 2], [1, 1])], output: [1, 1, 1, 2])
        #expect(FloatTesting.initError(bigMultiplier)?.contains("overflows") == true)
        let hugeResize = FloatTesting.oneOp(.resizeNearestNeighbor, [.input([1, 2, 2, 1]), .int32([2], [-1, 2])],
                                            output: [1, 2, 2, 1])
        #expect(FloatTesting.initError(hugeResize) != nil)
        let hugeSlice = FloatTesting.oneOp(.slice, [.input([4]), .int64([1], [Int64.max]), .int64([1], [Int64.max])],
                                           output: [1])
        #expect(FloatTesting.initError(hugeSlice) != nil)
        let intData = FloatTesting.oneOp(.pad, [.input([2]), .constant([2], [0, 0])], output: [2])
        #expect(FloatTesting.initError(intData)?.contains("expected int32 or int64") == true)
    }

    /// A big stride with SAME padding has one output per axis and runs.
    @Test func bigStrideRuns() throws {
        let g = FloatTesting.oneOp(.conv2D(Conv2DAttributes(strideH: .max, strideW: .max, padding: .same, activation: .none)),
                                   [.input([1, 4, 4, 1]), .constant([1, 3, 3, 1], [Float](repeating: 1, count: 9))],
                                   output: [1, 1, 1, 1])
        // padTotal = 0 + 3 − 4 → 0: the window covers rows and columns 0…2.
        let expected: [Float] = [54]  // 1+2+3 + 5+6+7 + 9+10+11
        #expect(try FloatTesting.run(g, [(1...16).map(Float.init)]) == expected)
    }
}
