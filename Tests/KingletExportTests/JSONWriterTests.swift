import KingletIO
import Testing

@Suite struct JSONWriterTests {
    @Test func writesSortedCompactText() {
        let value: JSONValue = .object([
            "units": .integer(4), "epsilon": .number(0.001), "name": .string("a\"b\\c\n\u{1}é"),
            "shape": .array([.null, .integer(3)]), "flag": .bool(false), "scale": .number(2),
        ])
        let text = String(decoding: JSONWriter.bytes(value), as: UTF8.self)
        #expect(text == #"{"epsilon":0.001,"flag":false,"name":"a\"b\\c\n\u0001é","scale":2.0,"shape":[null,3],"units":4}"#)
    }

    @Test func readsBackWhatItWrites() throws {
        let value: JSONValue = .object([
            "a": .array([.number(1e-7), .number(-3.5e20), .number(0.1), .integer(-12)]),
            "b": .object(["c": .string("ü\t")]), "d": .null, "e": .number(.infinity),
        ])
        let parsed = try JSONValue(parsing: JSONWriter.bytes(value))
        #expect(parsed == value)
        #expect(parsed["a"]?.array?[3].integerLiteral == -12)
    }
}
