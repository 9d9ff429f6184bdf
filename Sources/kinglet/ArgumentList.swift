/// The arguments after the subcommand name, consumed option by option. Options take
/// `--name value` or `--name=value`; anything not starting with `--` is positional.
struct ArgumentList {
    private var items: [String]

    init(_ items: [String]) { self.items = items }

    var isEmpty: Bool { items.isEmpty }

    /// Removes and returns every value of a repeatable option, in order.
    mutating func values(_ name: String) throws(UsageError) -> [String] {
        var found: [String] = []
        var index = 0
        while index < items.count {
            let item = items[index]
            if item == name {
                guard index + 1 < items.count else { throw UsageError("\(name) needs a value") }
                found.append(items[index + 1])
                items.removeSubrange(index...(index + 1))
            } else if item.hasPrefix(name + "=") {
                found.append(String(item.dropFirst(name.count + 1)))
                items.remove(at: index)
            } else {
                index += 1
            }
        }
        return found
    }

    /// Removes and returns the single value of an option, or nil when absent.
    mutating func value(_ name: String) throws(UsageError) -> String? {
        let found = try values(name)
        guard found.count <= 1 else { throw UsageError("\(name) given \(found.count) times") }
        return found.first
    }

    /// Removes and returns `-o` / `--output` (the short form wins when both are given).
    mutating func output() throws(UsageError) -> String? {
        let short = try value("-o")
        let long = try value("--output")
        return short ?? long
    }

    /// Removes a flag; true when it was present.
    mutating func flag(_ name: String) -> Bool {
        let before = items.count
        items.removeAll { $0 == name }
        return items.count != before
    }

    /// Removes and returns the positional arguments (call after every option is consumed).
    mutating func positionals() throws(UsageError) -> [String] {
        if let unknown = items.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            throw UsageError("unknown option '\(unknown)'")
        }
        defer { items = [] }
        return items
    }
}
