/// The 256 results of a function of one int8 value, for the elementwise kernels whose output
/// depends on the input value alone (activations, requantization): the function runs once
/// per possible input instead of once per element, with the same results.
struct Int8Table {
    private let values: [Int8]

    init(_ function: (Int32) -> Int8) {
        values = (-128...127).map { function(Int32($0)) }
    }

    subscript(_ x: Int8) -> Int8 { values[Int(x) + 128] }

    /// The function applied to every element of `input`.
    func apply(_ input: [Int8]) -> [Int8] {
        values.withUnsafeBufferPointer { table in input.map { table[Int($0) + 128] } }
    }
}

extension Int32 {
    /// This value clamped to the int8 range.
    @inline(__always)
    var clampedToInt8: Int8 { Int8(clamping: self) }
}
