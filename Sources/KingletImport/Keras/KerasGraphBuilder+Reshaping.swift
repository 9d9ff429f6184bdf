import KingletIO
import KingletIR

extension KerasGraphBuilder {
    mutating func flatten(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        try call.options.requireChannelsLast()
        let inputShape = shape(x)
        return emit(.reshape, [x], shape: [1, inputShape.dropFirst().reduce(1, *)], name: call.name)
    }

    /// Reshape(target_shape), with at most one −1 inferred.
    mutating func reshapeLayer(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let options = call.options
        let inputShape = shape(x)
        var target = try options.intList("target_shape")
        let count = inputShape.dropFirst().reduce(1, *)
        let unknown = target.indices.filter { target[$0] == -1 }
        guard unknown.count <= 1, target.allSatisfy({ $0 == -1 || $0 >= 1 }) else {
            throw options.invalid("target_shape", "\(target): sizes must be positive, with at most one -1")
        }
        let known = target.filter { $0 != -1 }.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        if let position = unknown.first {
            guard known > 0, count % known == 0 else {
                throw options.invalid("target_shape", "\(target) cannot hold \(count) elements")
            }
            target[position] = count / known
        }
        guard Self.elementCount(target) == count else {
            throw options.invalid("target_shape", "\(target) holds \(known) elements, the input \(count)")
        }
        return emit(.reshape, [x], shape: [1] + target, name: call.name)
    }

    /// Permute(dims), dims numbered from 1 (the batch axis stays first).
    mutating func permute(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let options = call.options
        let inputShape = shape(x)
        let dims = try options.intList("dims")
        guard dims.sorted() == Array(1..<inputShape.count) else {
            throw options.invalid("dims", "\(dims) is not a permutation of 1...\(inputShape.count - 1)")
        }
        let permutation = [0] + dims
        let perm = int32Constant(call.tensorName("permutation"), permutation)
        return emit(.transpose, [x, perm], shape: permutation.map { inputShape[$0] }, name: call.name)
    }

    private func spatialRank(_ call: KerasLayerCall, _ inputShape: [Int]) throws -> Int {
        let rank = call.layer.className.hasSuffix("1D") ? 1 : 2
        guard inputShape.count == rank + 2 else {
            throw call.invalid("needs an input of rank \(rank + 2), got \(inputShape.count)")
        }
        try call.options.requireChannelsLast()
        return rank
    }

    mutating func zeroPadding(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let inputShape = shape(x)
        let rank = try spatialRank(call, inputShape)
        // Keras 3 accepts 1.0 inside a (before, after) pair of ZeroPadding, no Keras in Cropping's.
        let pairs = [[0, 0]] + (try call.options.amounts("padding", axes: rank, pairItems: .integral)) + [[0, 0]]
        let paddings = graph.add(Tensor(name: call.tensorName("paddings"), shape: [pairs.count, 2],
                                        int32s: pairs.joined().map { Int32($0) }))
        let outputShape = zip(inputShape, pairs).map { $0 + $1[0] + $1[1] }
        return emit(.pad, [x, paddings], shape: outputShape, name: call.name)
    }

    mutating func cropping(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let inputShape = shape(x)
        let rank = try spatialRank(call, inputShape)
        let pairs = [[0, 0]] + (try call.options.amounts("cropping", axes: rank, pairItems: .literal)) + [[0, 0]]
        let size = zip(inputShape, pairs).map { $0 - $1[0] - $1[1] }
        guard size.allSatisfy({ $0 >= 1 }) else {
            throw call.options.invalid("cropping", "crops the whole input of shape \(Self.describe(inputShape))")
        }
        let begin = int32Constant(call.tensorName("begin"), pairs.map { $0[0] })
        let sizes = int32Constant(call.tensorName("size"), size)
        return emit(.slice, [x, begin, sizes], shape: size, name: call.name)
    }

    /// UpSampling1D/2D (nearest): each step or pixel repeated.
    mutating func upSampling(_ call: KerasLayerCall) throws -> Int {
        let x = try call.single()
        let options = call.options
        let inputShape = shape(x)
        let rank = try spatialRank(call, inputShape)
        let interpolation = try options.string("interpolation", default: "nearest")
        guard interpolation == "nearest" else {
            throw options.unsupported("interpolation", "'\(interpolation)' (only nearest)")
        }
        let factors = rank == 1 ? [1, try options.ints("size", count: 1, default: [2], items: .integral)[0]]
                                : try options.ints("size", count: 2, default: [2, 2], items: .integral)
        guard factors.allSatisfy({ $0 >= 1 && $0 <= 1 << 12 }) else { throw options.invalid("size", "\(factors) must be positive") }
        let image = rank == 1 ? [1, 1, inputShape[1], inputShape[2]] : inputShape
        let outH = image[1] * factors[0], outW = image[2] * factors[1]
        var source = x
        if rank == 1 { source = emit(.reshape, [x], shape: image, name: call.name) }
        let size = int32Constant(call.tensorName("size"), [outH, outW])
        let resized = emit(.resizeNearestNeighbor, [source, size], shape: [1, outH, outW, image[3]], name: call.name)
        return rank == 1 ? emit(.reshape, [resized], shape: [1, outW, image[3]], name: call.name) : resized
    }
}
