import KingletFormat

/// SUB, int8, as TFLite's reference_ops Sub / BroadcastQuantSubSlow (SubElementwise): each
/// input offset, shifted left, rescaled to a common scale; their difference rescaled to the
/// output, offset and clamped. ADD's record (AddOptions) and checks. Twin of kgl_sub_s8.
enum SubS8: Kernel {
    /// Exactly ADD's int8 checks: the same slots, bounds and shapes.
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        try AddS8.check(op, in: model)
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
            // |offset value| ≤ 255, so the shifted values stay below 2^28, the rescaled ones
            // (multipliers < 1) too, and their difference below 2^29.
            let v1 = (offset1 + Int32(x1[ia])) * scale
            let v2 = (offset2 + Int32(x2[ib])) * scale
            let difference = multiplyByQuantizedMultiplier(v1, m1, s1) - multiplyByQuantizedMultiplier(v2, m2, s2)
            let r = multiplyByQuantizedMultiplier(difference, mOut, sOut) + outputOffset
            y[n] = Int8(min(max(r, low), high))
        }
        memory.write(int8: y, to: op.outputs[0])
    }
}
