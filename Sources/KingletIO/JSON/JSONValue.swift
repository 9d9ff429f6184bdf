/// A parsed JSON document (RFC 8259). Object keys keep no order (Keras configs never depend
/// on it). A number written without fraction or exponent stays an `integer`, as Python's
/// json module reads it as an int rather than a float: Keras treats `2` and `2.0` differently
/// in places (a TensorFlow shape takes only ints). The two kinds of number compare equal by
/// value.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// A number written as digits only (`12`, `-3`) that fits in ±2^53.
    case integer(Int)
    /// Any other number (`2.0`, `1e-3`, `NaN`), or an integer too large for `integer`.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses UTF-8 JSON text; throws `IOError.invalidJSON` with the byte offset of the fault.
    public init(parsing bytes: [UInt8]) throws(IOError) {
        var parser = JSONParser(bytes)
        self = try parser.parseDocument()
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var isNull: Bool { if case .null = self { true } else { false } }
    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    public var object: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }

    /// Either kind of number as a Double.
    public var double: Double? {
        switch self {
        case .integer(let n): Double(n)
        case .number(let n): n
        default: nil
        }
    }

    /// Either kind of number as an Int when it is integral and in range (`3` and `3.0`).
    public var int: Int? {
        switch self {
        case .integer(let n): return n
        case .number(let n): return n.rounded() == n && abs(n) < 9.0e15 ? Int(n) : nil
        default: return nil
        }
    }

    /// The number only when it was written as an integer (`3`, not `3.0`).
    public var integerLiteral: Int? { if case .integer(let n) = self { n } else { nil } }
}

extension JSONValue: Hashable {
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a == b
        case let (.integer(a), .integer(b)): a == b
        // Integers are within ±2^53, so their Double is exact.
        case (.integer, .number), (.number, .integer), (.number, .number): lhs.double == rhs.double
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .integer, .number: hasher.combine(2); hasher.combine(double)
        case .string(let s): hasher.combine(3); hasher.combine(s)
        case .array(let a): hasher.combine(4); hasher.combine(a)
        case .object(let o): hasher.combine(5); hasher.combine(o)
        }
    }
}
