import Foundation
import KingletIR

/// SOFTMAX in float32 over the last axis: exp(beta · (x − max)) / Σ exp(beta · (x − max)),
/// the maximum subtracted so that no exponential overflows. Sums run in Double.
struct SoftmaxF32: FloatKernel {
    let beta: Float
    let rowLength: Int

    init(_ check: FloatOperatorCheck, beta: Float) throws(FloatInterpreterError) {
        try check.requireOperandCount(1...1)
        let input = try check.floatOperand(0, "input")
        try check.require(!input.isEmpty, "input is a scalar; softmax needs an axis")
        try check.requireShape(try check.output(), input, "output")
        self.beta = beta
        rowLength = input[input.count - 1]
    }

    func run(_ operands: [[Float]]) -> [Float] {
        let x = operands[0]
        var output = [Float](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                var start = 0
                while start < x.count {
                    let row = start..<(start + rowLength)
                    var largest = -Float.infinity
                    for i in row { largest = Swift.max(largest, x[i]) }
                    var sum = 0.0
                    for i in row {
                        let e = Foundation.exp(Double(beta) * Double(x[i] - largest))
                        y[i] = Float(e)
                        sum += e
                    }
                    for i in row { y[i] = Float(Double(y[i]) / sum) }
                    start += rowLength
                }
            }
        }
        return output
    }
}
