import KingletFormat

/// ADD, 16x8 (int16), as TFLite Micro's int16 path (reference_ops::Add with pot_scale false,
/// or BroadcastAdd4DSlow): AddS8's formula with a left shift of 15. Offsets must be 0
/// (symmetric activations), which keeps every intermediate within Int32. Twin of kgl_add_s16.
enum AddS16: Kernel {
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError) {
        let a = try op.input(0, in: model, type: .int16)
        let b = try op.input(1, in: model, type: .int16)
        let out = try op.output(0, in: model, type: .int16)
        try op.require(Broadcast(a.shape, b.shape, output: out.shape) != nil,
                       "output shape \(out.shape) is not the broadcast of \(a.shape) and \(b.shape)")
        try AddS8.requireInPlace(op, a, b, out, allowed: false)
        let o = { (slot: AddOptions) in op.option(slot) }
        try op.require(o(.input1Offset) == 0 && o(.input2Offset) == 0 && o(.outputOffset) == 0,
                       "offsets \(o(.input1Offset)), \(o(.input2Offset)), \(o(.outputOffset)): 16x8 activations have zero point 0")
        try op.require((0...15).contains(o(.leftShift)), "left shift \(o(.leftShift)) is outside [0, 15]")
        try op.require(o(.input1Multiplier) >= 0 && o(.input2Multiplier) >= 0 && o(.outputMultiplier) >= 0,
                       "multipliers must be non-negative")
        try op.require((-31...0).contains(o(.input1Shift)) && (-31...0).contains(o(.input2Shift))
                           && (-31...0).contains(o(.outputShift)),
                       "shifts \(o(.input1Shift)), \(o(.input2Shift)), \(o(.outputShift)) are outside [-31, 0]")
        try op.require(o(.activationMin) >= Int32(Int16.min) && o(.activationMax) <= Int32(Int16.max)
                           && o(.activationMin) <= o(.activationMax),
                       "activation range [\(o(.activationMin)), \(o(.activationMax))] is not a non-empty int16 range")
    }

    static func run(_ op: KglOperator, _ memory: inout Memory) {
        let a = memory.tensor(op.inputs[0])
        let b = memory.tensor(op.inputs[1])
        let out = memory.tensor(op.outputs[0])
        let x1 = memory.int16(op.inputs[0])
        let x2 = memory.int16(op.inputs[1])
        let o = { (slot: AddOptions) in op.option(slot) }
        let scale = Int32(1) << o(.leftShift)
        let (m1, s1, m2, s2) = (o(.input1Multiplier), o(.input1Shift), o(.input2Multiplier), o(.input2Shift))
        let (mOut, sOut) = (o(.outputMultiplier), o(.outputShift))
        let (low, high) = (o(.activationMin), o(.activationMax))
        // check() made sure the shapes broadcast.
        guard let broadcast = Broadcast(a.shape, b.shape, output: out.shape) else { return }
        var y = [Int16](repeating: 0, count: out.elementCount)
        broadcast.forEach { n, ia, ib in
            // |x| · 2^15 ≤ 2^30, and each rescaled value is no larger, so nothing overflows.
            let v1 = Int32(x1[ia]) * scale
            let v2 = Int32(x2[ib]) * scale
            let sum = multiplyByQuantizedMultiplier(v1, m1, s1) &+ multiplyByQuantizedMultiplier(v2, m2, s2)
            let r = multiplyByQuantizedMultiplier(sum, mOut, sOut)
            y[n] = Int16(min(max(r, low), high))
        }
        memory.write(int16: y, to: op.outputs[0])
    }
}
