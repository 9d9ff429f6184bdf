/// Writes a `JSONValue` as compact UTF-8 JSON text (RFC 8259), deterministically: object
/// members in ascending key order, no whitespace, numbers in their shortest round-trip form.
///
/// ```swift
/// let text = JSONWriter.bytes(.object(["units": .integer(4), "epsilon": .number(0.001)]))
/// // {"epsilon":0.001,"units":4}
/// ```
///
/// An `integer` is written as digits (Python's json reads it as an int) and a `number` always
/// with a fraction or exponent (read as a float), because Keras tells `2` from `2.0`.
/// Non-finite numbers have no JSON form; they are written as Python's json module writes
/// them (`NaN`, `Infinity`, `-Infinity`), which Python and `JSONValue(parsing:)` read back.
public enum JSONWriter {
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, to: &out)
        return out
    }

    private static func write(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .integer(let number): out += Array(String(number).utf8)
        case .number(let number): out += Array(text(of: number).utf8)
        case .string(let string): writeString(string, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                // The key comes from the dictionary itself.
                write(members[key] ?? .null, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Swift's `description` is the shortest text that reads back as the same Double, and
    /// always has a fraction or exponent ("2.0", "1e-05", "1e+20"), all valid JSON.
    private static func text(of number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return number.description
    }

    private static func writeString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                // Other control characters as \u00XX; bytes from 0x80 are UTF-8 and stay as they are.
                let digits = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
