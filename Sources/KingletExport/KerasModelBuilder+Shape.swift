import KingletIO
import KingletIR

extension KerasModelBuilder {
    /// RESHAPE / SQUEEZE → Reshape to the output's shape without its batch axis.
    mutating func reshape(_ op: Operator) throws(ExportError) -> Int {
        let x = try source(op, 0)
        let outputShape = shape(op.outputs[0])
        guard outputShape.reduce(1, *) == shape(ofLayer: x).reduce(1, *) else {
            throw refuse("reshapes \(shape(ofLayer: x)) to \(outputShape), which holds a different number of elements")
        }
        return addStep("Reshape", options: ["target_shape": Self.integers(Array(outputShape.dropFirst()))],
                       inputs: [x], shape: outputShape)
    }

    /// TRANSPOSE → Permute, which numbers axes from 1 and keeps the batch axis first.
    mutating func permute(_ op: Operator) throws(ExportError) -> Int {
        let x = try source(op, 0)
        let inputShape = shape(ofLayer: x)
        let permutation = try integerConstant(op, 1, "permutation")
        guard permutation.sorted() == Array(0..<inputShape.count), permutation.first == 0 else {
            throw refuse("the permutation \(permutation) moves the batch axis or is not one of \(inputShape.count) axes (Keras's Permute keeps the batch axis first)")
        }
        return addStep("Permute", options: ["dims": Self.integers(Array(permutation.dropFirst()))], inputs: [x],
                       shape: permutation.map { inputShape[$0] })
    }

    /// The (before, after) pairs of a [rank, 2] integer operand.
    private func pairs(_ op: Operator, _ position: Int, _ role: String, rank: Int) throws(ExportError) -> [[Int]] {
        let values = try integerConstant(op, position, role)
        guard values.count == rank * 2 else {
            throw refuse("the \(role) hold \(values.count) values, expected [\(rank), 2]")
        }
        return (0..<rank).map { [values[2 * $0], values[2 * $0 + 1]] }
    }

    /// The spatial axes of a sequence (rank 3) or an image (rank 4): what the 1D and 2D
    /// padding, cropping and upsampling layers act on.
    private func spatialAxes(_ shape: [Int], _ what: String) throws(ExportError) -> Range<Int> {
        guard shape.count == 3 || shape.count == 4 else {
            throw refuse("\(what) of a rank-\(shape.count) tensor; Keras pads, crops and upsamples sequences (rank 3) and images (rank 4)")
        }
        return 1..<(shape.count - 1)
    }

    /// PAD with zeros on the spatial axes → ZeroPadding1D / ZeroPadding2D.
    mutating func zeroPadding(_ op: Operator) throws(ExportError) -> Int {
        let x = try source(op, 0)
        let inputShape = shape(ofLayer: x)
        let spatial = try spatialAxes(inputShape, "padding")
        let amounts = try pairs(op, 1, "paddings", rank: inputShape.count)
        if let value = try optionalFloatConstant(op, 2, "padding value"), value.contains(where: { $0 != 0 }) {
            throw refuse("pads with \(value) (Keras's ZeroPadding pads with zeros)")
        }
        guard amounts.joined().allSatisfy({ $0 >= 0 }),
              amounts[0] == [0, 0], amounts[inputShape.count - 1] == [0, 0] else {
            throw refuse("paddings \(amounts) pad the batch or channel axis, or are negative; Keras's ZeroPadding pads only the spatial axes")
        }
        let padding: JSONValue = spatial.count == 1 ? Self.integers(amounts[1]) : .array(spatial.map { Self.integers(amounts[$0]) })
        return addStep("ZeroPadding\(spatial.count)D", options: ["padding": padding, "data_format": .string("channels_last")],
                       inputs: [x], shape: shape(op.outputs[0]))
    }

    /// SLICE of the spatial axes only → Cropping1D / Cropping2D.
    mutating func cropping(_ op: Operator) throws(ExportError) -> Int {
        let x = try source(op, 0)
        let inputShape = shape(ofLayer: x)
        let spatial = try spatialAxes(inputShape, "slicing")
        let begin = try integerConstant(op, 1, "begin")
        var size = try integerConstant(op, 2, "size")
        guard begin.count == inputShape.count, size.count == inputShape.count else {
            throw refuse("begin \(begin) and size \(size) need one value per axis of \(inputShape)")
        }
        // A size of −1 takes the rest of the axis.
        for axis in size.indices where size[axis] == -1 { size[axis] = inputShape[axis] - begin[axis] }
        let last = inputShape.count - 1
        guard zip(begin, size).enumerated().allSatisfy({ axis, range in
                  range.0 >= 0 && range.1 >= 1 && range.0 + range.1 <= inputShape[axis] }),
              begin[0] == 0, begin[last] == 0, size[last] == inputShape[last] else {
            throw refuse("begin \(begin) and size \(size) slice the batch or channel axis, or leave \(inputShape); Keras's Cropping cuts only the spatial axes")
        }
        let crops = spatial.map { [begin[$0], inputShape[$0] - begin[$0] - size[$0]] }
        let cropping: JSONValue = spatial.count == 1 ? Self.integers(crops[0]) : .array(crops.map(Self.integers))
        var options: [String: JSONValue] = ["cropping": cropping]
        if spatial.count == 2 { options["data_format"] = .string("channels_last") }
        return addStep("Cropping\(spatial.count)D", options: options, inputs: [x], shape: shape(op.outputs[0]))
    }

    /// RESIZE_NEAREST_NEIGHBOR by whole factors → UpSampling2D (nearest repeats each pixel).
    mutating func upSampling(_ op: Operator) throws(ExportError) -> Int {
        let x = try source(op, 0)
        let inputShape = shape(ofLayer: x)
        let outputShape = shape(op.outputs[0])
        guard inputShape.count == 4, outputShape.count == 4,
              outputShape[1] % inputShape[1] == 0, outputShape[2] % inputShape[2] == 0, outputShape[3] == inputShape[3] else {
            throw refuse("resizes \(inputShape) to \(outputShape); Keras's UpSampling2D repeats pixels by whole factors")
        }
        let factors = [outputShape[1] / inputShape[1], outputShape[2] / inputShape[2]]
        return addStep("UpSampling2D", options: ["size": Self.integers(factors), "data_format": .string("channels_last"),
                                                 "interpolation": .string("nearest")],
                       inputs: [x], shape: outputShape)
    }

    /// CONCATENATION → Concatenate on the same axis, then the fused activation.
    mutating func concatenate(_ op: Operator, axis: Int, activation: Activation) throws(ExportError) -> Int {
        var inputs: [Int] = []
        for position in op.inputs.indices { inputs.append(try source(op, position)) }
        guard let first = inputs.first else { throw refuse("concatenates nothing") }
        let rank = shape(ofLayer: first).count
        let normalized = axis < 0 ? axis + rank : axis
        guard normalized >= 1, normalized < rank else {
            throw refuse("axis \(axis) is not a non-batch axis of rank \(rank) (Keras concatenates samples, not batches)")
        }
        // One input is the identity; Keras's Concatenate wants at least two.
        let layer = inputs.count == 1 ? first
            : addStep("Concatenate", options: ["axis": .integer(normalized)], inputs: inputs, takesList: true,
                      shape: shape(op.outputs[0]))
        return try activated(layer, activation)
    }
}
