/// Overflow-checked sizes and shape helpers. A hostile graph can declare any dimension,
/// so sizes are computed with checks; nil means the result does not fit in an Int.
enum SizeArithmetic {
    static func product(_ dims: [Int]) -> Int? {
        var result = 1
        for d in dims {
            guard d >= 0 else { return nil }
            let (p, overflow) = result.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            result = p
        }
        return result
    }

    static func multiply(_ a: Int, _ b: Int) -> Int? {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : p
    }

    static func add(_ a: Int, _ b: Int) -> Int? {
        let (s, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : s
    }

    /// Row-major strides of a shape whose element count is known to fit.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in shape.indices.reversed() {
            strides[axis] = step
            step &*= shape[axis]
        }
        return strides
    }

    /// Element count of a shape whose element count is known to fit.
    static func count(_ shape: [Int]) -> Int {
        shape.reduce(1, &*)
    }
}
