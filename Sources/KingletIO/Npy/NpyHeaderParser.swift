/// Parses the Python dictionary literal in an `.npy` header, e.g.
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
///
/// Only the literal forms numpy writes are accepted: quoted strings, True/False/None,
/// integers (an old-style `L` suffix is allowed) and tuples or lists of those, nested a
/// few levels at most. Keys are strings; whitespace and trailing commas may appear
/// anywhere Python allows them.
struct NpyHeaderParser {
    enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case none
        case integer(Int)
        case sequence([Value])
    }

    private let text: [UInt8]
    private var index = 0
    private static let maxNesting = 8

    init(_ text: ArraySlice<UInt8>) {
        self.text = Array(text)
    }

    /// Parses the whole header: one dictionary, then only whitespace.
    mutating func parseDictionary() throws(IOError) -> [String: Value] {
        skipWhitespace()
        try expect(UInt8(ascii: "{"))
        var entries: [String: Value] = [:]
        skipWhitespace()
        while peek() != UInt8(ascii: "}") {
            guard case let .string(key) = try parseValue(depth: 0) else {
                throw failure("dictionary keys must be quoted strings")
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            let value = try parseValue(depth: 0)
            guard entries.updateValue(value, forKey: key) == nil else {
                throw failure("key '\(key)' appears twice")
            }
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
            } else if peek() != UInt8(ascii: "}") {
                throw failure("expected ',' or '}'")
            }
        }
        index += 1
        skipWhitespace()
        guard index == text.count else {
            throw failure("unexpected text after the dictionary")
        }
        return entries
    }

    private mutating func parseValue(depth: Int) throws(IOError) -> Value {
        skipWhitespace()
        guard let first = peek() else { throw failure("header ends where a value was expected") }
        switch first {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .string(try parseString(quote: first))
        case UInt8(ascii: "("), UInt8(ascii: "["):
            guard depth < Self.maxNesting else { throw failure("tuples nested too deeply") }
            return .sequence(try parseSequence(close: first == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]"),
                                               depth: depth))
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .integer(try parseInteger())
        default:
            let word = parseWord()
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            default: throw failure(word.isEmpty ? "unexpected character" : "unexpected word '\(word)'")
            }
        }
    }

    private mutating func parseString(quote: UInt8) throws(IOError) -> String {
        index += 1
        let start = index
        while let byte = peek(), byte != quote {
            // Escapes never occur in the strings numpy writes; refuse rather than misread.
            guard byte != UInt8(ascii: "\\") else { throw failure("escape sequences in strings are not supported") }
            index += 1
        }
        guard peek() == quote else { throw failure("string is not closed") }
        let string = String(decoding: text[start..<index], as: UTF8.self)
        index += 1
        return string
    }

    private mutating func parseSequence(close: UInt8, depth: Int) throws(IOError) -> [Value] {
        index += 1
        var elements: [Value] = []
        skipWhitespace()
        while peek() != close {
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
            } else if peek() != close {
                throw failure("expected ',' or '\(Character(Unicode.Scalar(close)))'")
            }
        }
        index += 1
        return elements
    }

    private mutating func parseInteger() throws(IOError) -> Int {
        var negative = false
        if peek() == UInt8(ascii: "-") || peek() == UInt8(ascii: "+") {
            negative = peek() == UInt8(ascii: "-")
            index += 1
        }
        var value = 0
        var digits = 0
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw failure("integer is too large") }
            value = sum
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw failure("expected digits") }
        if peek() == UInt8(ascii: "L") || peek() == UInt8(ascii: "l") {
            index += 1
        }
        return negative ? -value : value
    }

    private mutating func parseWord() -> String {
        let start = index
        while let byte = peek(),
              (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) {
            index += 1
        }
        return String(decoding: text[start..<index], as: UTF8.self)
    }

    private func peek() -> UInt8? {
        index < text.count ? text[index] : nil
    }

    private mutating func expect(_ byte: UInt8) throws(IOError) {
        guard peek() == byte else {
            throw failure("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        index += 1
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            index += 1
        }
    }

    private func failure(_ reason: String) -> IOError {
        let excerpt = String(decoding: text.prefix(120), as: UTF8.self)
        return .invalidNpy(reason: "header dictionary, at character \(index): \(reason) (header: \(excerpt.debugDescription))")
    }
}
