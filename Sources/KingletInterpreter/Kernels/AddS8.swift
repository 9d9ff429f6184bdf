import KingletFormat

/// ADD, int8, as TFLite's reference_integer_ops AddFunc (over BroadcastAdd6DSlow): each
/// input offset, shifted left, rescaled to a common scale; the sum rescaled to the output,
/// offset and clamped. Twin of kgl_add_s8.
enum AddS8: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let a = try op.input(0, in: model, type: .int8)
        let b = try op.input(1, in: model, type: .int8)
        let out = try op.output(0, in: model, type: .int8)
        try op.require(Broadcast(a.shape, b.shape, output: out.shape) != nil,
                       "output shape \(out.shape) is not the broadcast of \(a.shape) and \(b.shape)")
        try requireInPlace(op, a, b, out, allowed: true)
        let o = { (slot: AddOptions) in op.option(slot) }
        try op.require((-127...128).contains(o(.input1Offset)) && (-127...128).contains(o(.input2Offset))
                           && (-128...127).contains(o(.outputOffset)),
                       "offsets \(o(.input1Offset)), \(o(.input2Offset)), \(o(.outputOffset)) are not int8 zero points")
        try op.require((0...20).contains(o(.leftShift)), "left shift \(o(.leftShift)) is outside [0, 20]")
        try op.require(o(.input1Multiplier) >= 0 && o(.input2Multiplier) >= 0 && o(.outputMultiplier) >= 0,
                       "multipliers must be non-negative")
        try op.require((-31...0).contains(o(.input1Shift)) && (-31...0).contains(o(.input2Shift))
                           && (-31...0).contains(o(.outputShift)),
                       "shifts \(o(.input1Shift)), \(o(.input2Shift)), \(o(.outputShift)) are outside [-31, 0]")
        try op.require(o(.activationMin) >= -128 && o(.activationMax) <= 127 && o(.activationMin) <= o(.activationMax),
                       "activation range [\(o(.activationMin)), \(o(.activationMax))] is not a non-empty int8 range")
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let a = memory.tensor(op.inputs[0])
        let b = memory.tensor(op.inputs[1])
        let out = memory.tensor(op.outputs[0])
        let x1 = memory.int8(op.inputs[0])
        let x2 = memory.int8(op.inputs[1])
        let o = { (slot: AddOptions) in op.option(slot) }
        let (offset1, offset2, outputOffset) = (o(.input1Offset), o(.input2Offset), o(.outputOffset))
        let scale = Int32(1) << o(.leftShift)
        let (m1, s1, m2, s2) = (o(.input1Multiplier), o(.input1Shift), o(.input2Multiplier), o(.input2Shift))
        let (mOut, sOut) = (o(.outputMultiplier), o(.outputShift))
        let (low, high) = (o(.activationMin), o(.activationMax))
        // check() made sure the shapes broadcast.
        guard let broadcast = Broadcast(a.shape, b.shape, output: out.shape) else { return }
        var y = [Int8](repeating: 0, count: out.elementCount)
        broadcast.forEach { n, ia, ib in
            // |offset value| ≤ 255, so the shifted values stay below 2^28.
            let v1 = (offset1 + Int32(x1[ia])) * scale
            let v2 = (offset2 + Int32(x2[ib])) * scale
            let sum = multiplyByQuantizedMultiplier(v1, m1, s1) + multiplyByQuantizedMultiplier(v2, m2, s2)
            let r = multiplyByQuantizedMultiplier(sum, mOut, sOut) + outputOffset
            y[n] = Int8(min(max(r, low), high))
        }
        memory.write(int8: y, to: op.outputs[0])
    }
}

extension AddS8 {
    /// In place (format 1.5): an output on exactly the bytes of an input, for int8
    /// (`allowed`) when both inputs have the output's element count (nothing broadcast), so
    /// that input element n is read before output element n is written. Twin of
    /// kgl_add_in_place_ok.
    static func requireInPlace(_ op: KglOperator, _ a: KglTensor, _ b: KglTensor, _ out: KglTensor,
                               allowed: Bool) throws(FormatError) {
        let coincides = [a, b].contains { $0.location == .arena && $0.offset == out.offset && $0.byteCount == out.byteCount }
        guard coincides else { return }
        try op.require(allowed && a.elementCount == out.elementCount && b.elementCount == out.elementCount,
                       "output \(out.label) lies on the bytes of an input; only an int8 ADD that broadcasts nothing may be in place")
    }
}
