/// Disjoint sets of channel groups: two groups in one set must lose the same channels.
struct ChannelUnionFind {
    private var parent: [Int] = []

    /// A new singleton set; returns its element.
    mutating func add() -> Int {
        parent.append(parent.count)
        return parent.count - 1
    }

    /// The representative of `element`'s set (halving paths as it goes).
    mutating func find(_ element: Int) -> Int {
        var x = element
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    mutating func union(_ a: Int, _ b: Int) {
        let ra = find(a), rb = find(b)
        // The older group stays the root, so roots are stable in operator order.
        if ra < rb { parent[rb] = ra } else if rb < ra { parent[ra] = rb }
    }
}
