import KingletFormat

/// MUL, int8, as TFLite's reference_integer_ops MulElementwise / BroadcastMul6DSlow: the
/// product of the offset inputs rescaled, offset and clamped. Twin of kgl_mul_s8.
enum MulS8: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let a = try op.input(0, in: model, type: .int8)
        let b = try op.input(1, in: model, type: .int8)
        let out = try op.output(0, in: model, type: .int8)
        try op.require(Broadcast(a.shape, b.shape, output: out.shape) != nil,
                       "output shape \(out.shape) is not the broadcast of \(a.shape) and \(b.shape)")
        let o = { (slot: MulOptions) in op.option(slot) }
        try op.require((-127...128).contains(o(.input1Offset)) && (-127...128).contains(o(.input2Offset))
                           && (-128...127).contains(o(.outputOffset)),
                       "offsets \(o(.input1Offset)), \(o(.input2Offset)), \(o(.outputOffset)) are not int8 zero points")
        try op.require(o(.outputMultiplier) >= 0 && (-31...30).contains(o(.outputShift)),
                       "multiplier \(o(.outputMultiplier)) must be non-negative and shift \(o(.outputShift)) in [-31, 30]")
        try op.require(o(.activationMin) >= -128 && o(.activationMax) <= 127 && o(.activationMin) <= o(.activationMax),
                       "activation range [\(o(.activationMin)), \(o(.activationMax))] is not a non-empty int8 range")
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let a = memory.tensor(op.inputs[0])
        let b = memory.tensor(op.inputs[1])
        let out = memory.tensor(op.outputs[0])
        let x1 = memory.int8(op.inputs[0])
        let x2 = memory.int8(op.inputs[1])
        let o = { (slot: MulOptions) in op.option(slot) }
        let (offset1, offset2, outputOffset) = (o(.input1Offset), o(.input2Offset), o(.outputOffset))
        let (multiplier, shift) = (o(.outputMultiplier), o(.outputShift))
        let (low, high) = (o(.activationMin), o(.activationMax))
        // check() made sure the shapes broadcast.
        guard let broadcast = Broadcast(a.shape, b.shape, output: out.shape) else { return }
        var y = [Int8](repeating: 0, count: out.elementCount)
        broadcast.forEach { n, ia, ib in
            // |product| ≤ 255·255. A large left shift in the rescale wraps, as TFLite's int32
            // arithmetic does in practice; so does adding the offset.
            let product = (offset1 + Int32(x1[ia])) * (offset2 + Int32(x2[ib]))
            let r = multiplyByQuantizedMultiplier(product, multiplier, shift) &+ outputOffset
            y[n] = Int8(min(max(r, low), high))
        }
        memory.write(int8: y, to: op.outputs[0])
    }
}
