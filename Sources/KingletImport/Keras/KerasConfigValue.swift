import KingletIO

/// How Keras's own deserialization reads one config value, as pure functions of the JSON.
/// `Layer.from_config` calls the layer's `__init__` with the config as keyword arguments, so
/// a value means what Python makes of it there; docs/KERAS.md ("Config values") lists the
/// forms and the Keras source each rule comes from. Each function returns the value Keras
/// would use or throws what was expected instead.
enum KerasConfigValue {
    /// What a refused value should have been ("an integer", "true, false or a number").
    struct Refusal: Error, Equatable {
        let expected: String
    }

    /// Where an integer is wanted, whether an integral float such as `2.0` is accepted.
    enum IntegerForm: Sendable {
        /// Only an integer literal: the value becomes a TensorFlow shape, axis or index, which
        /// takes only Python ints (every Keras version refuses `2.0` there).
        case literal
        /// An integer literal or an integral float: Keras converts it with `int()` or only
        /// computes with it (Dense units, Conv filters, strides, pool sizes).
        case integral
    }

    /// A flag Keras stores as given and tests with Python truthiness (`if self.scale:`): true,
    /// false, any number (0 is false) and null (false). Strings and lists are refused, though
    /// Python would read any non-empty one (even "false") as true.
    static func bool(_ value: JSONValue) throws(Refusal) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .integer(let number): return number != 0
        case .number(let number) where !number.isNaN: return number != 0
        case .null: return false
        default: throw Refusal(expected: "true, false or a number")
        }
    }

    /// One integer in `form`; a non-integral float, a string or a boolean is refused (Keras 2
    /// would truncate 2.5 with `int()`, and Python counts true as 1, but no writer produces these).
    static func integer(_ value: JSONValue, _ form: IntegerForm) throws(Refusal) -> Int {
        if let literal = value.integerLiteral { return literal }
        if form == .integral, case .number = value, let integral = value.int { return integral }
        throw Refusal(expected: "an integer")
    }

    /// A finite number (an integer or a float); strings and booleans are refused.
    static func number(_ value: JSONValue) throws(Refusal) -> Double {
        guard let number = value.double, number.isFinite else { throw Refusal(expected: "a finite number") }
        return number
    }

    /// A number, or a list of numbers (Rescaling's scale, Normalization's mean).
    static func numbers(_ value: JSONValue) throws(Refusal) -> [Double] {
        if value.double != nil { return [try number(value)] }
        guard let list = value.array else { throw Refusal(expected: "a number or a list of numbers") }
        var numbers: [Double] = []
        for item in list {
            guard let number = item.double, number.isFinite else { throw Refusal(expected: "a list of finite numbers") }
            numbers.append(number)
        }
        return numbers
    }

    /// Keras's `normalize_tuple` / `standardize_tuple`: one integer literal used for every axis,
    /// or a list of exactly `count` integers in `form` (a single `2.0` is refused by both).
    static func tuple(_ value: JSONValue, count: Int, items form: IntegerForm) throws(Refusal) -> [Int] {
        let expected = count == 1 ? "an integer or a list of 1 integer" : "an integer or a list of \(count) integers"
        if let single = value.integerLiteral { return [Int](repeating: single, count: count) }
        guard let list = value.array, list.count == count else { throw Refusal(expected: expected) }
        var values: [Int] = []
        for item in list {
            do { values.append(try integer(item, form)) } catch { throw Refusal(expected: expected) }
        }
        return values
    }

    /// A list of integers of any length, or one integer (axes, target shapes, permutations).
    static func integers(_ value: JSONValue, items form: IntegerForm, maxCount: Int = 64) throws(Refusal) -> [Int] {
        let expected = "an integer or a list of integers"
        if value.double != nil {
            do { return [try integer(value, form)] } catch { throw Refusal(expected: expected) }
        }
        guard let list = value.array, list.count <= maxCount else { throw Refusal(expected: expected) }
        var values: [Int] = []
        for item in list {
            do { values.append(try integer(item, form)) } catch { throw Refusal(expected: expected) }
        }
        return values
    }

    /// ZeroPadding/Cropping amounts as a (before, after) pair per axis: one integer for every
    /// side, one integer per axis, or a pair per axis (1-D: the pair itself). A single amount
    /// must be an integer literal (Keras reads it with `standardize_tuple`/`normalize_tuple`);
    /// the items of a pair may be integral floats where `pairItems` is `.integral`.
    static func amounts(_ value: JSONValue, axes: Int, pairItems form: IntegerForm) throws(Refusal) -> [[Int]] {
        let expected = axes == 1 ? "an integer or a (before, after) pair of integers"
                                 : "an integer, \(axes) integers or \(axes) (before, after) pairs of integers"
        func pair(_ item: JSONValue) throws(Refusal) -> [Int] {
            if let single = item.integerLiteral { return [single, single] }
            guard let pair = item.array, pair.count == 2 else { throw Refusal(expected: expected) }
            do { return [try integer(pair[0], form), try integer(pair[1], form)] } catch { throw Refusal(expected: expected) }
        }
        if let single = value.integerLiteral { return [[Int]](repeating: [single, single], count: axes) }
        guard let list = value.array else { throw Refusal(expected: expected) }
        if axes == 1 { return [try pair(value)] }
        guard list.count == axes else { throw Refusal(expected: expected) }
        var pairs: [[Int]] = []
        for item in list { pairs.append(try pair(item)) }
        return pairs
    }

    /// A string.
    static func string(_ value: JSONValue) throws(Refusal) -> String {
        guard let text = value.string else { throw Refusal(expected: "a string") }
        return text
    }

    /// The value as it appears in the config (JSON text, cut after `limit` characters), for
    /// messages: `2.5`, `"false"`, `[3, 3]`, `null`.
    static func describe(_ value: JSONValue, limit: Int = 60) -> String {
        let text = json(value)
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    private static func json(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .number(let number):
            guard number.isFinite else { return number.isNaN ? "NaN" : (number > 0 ? "Infinity" : "-Infinity") }
            return "\(number)"
        case .string(let text):
            return "\"" + text.map { $0 == "\"" || $0 == "\\" ? "\\\($0)" : String($0) }.joined() + "\""
        case .array(let items): return "[" + items.map(json).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.keys.sorted().map { "\"\($0)\": " + json(members[$0]!) }.joined(separator: ", ") + "}"
        }
    }
}
