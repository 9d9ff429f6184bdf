/// Element offsets over some axes of a tensor, the last axis fastest.
struct Odometer {
    let dims: [Int]
    let steps: [Int]

    var count: Int { dims.reduce(1, *) }

    func forEach(_ body: (Int) -> Void) {
        var index = [Int](repeating: 0, count: dims.count)
        var offset = 0
        for _ in 0..<count {
            body(offset)
            var i = dims.count - 1
            while i >= 0 {
                offset += steps[i]
                index[i] += 1
                if index[i] < dims[i] { break }
                index[i] = 0
                offset -= steps[i] * dims[i]
                i -= 1
            }
        }
    }
}
