import KingletIO
import Testing

@Suite struct JSONValueTests {
    private func parse(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: Array(text.utf8))
    }

    @Test func parsesAKerasStyleObject() throws {
        let value = try parse(#"{"class_name": "Dense", "config": {"units": 12, "use_bias": true, "bias": null, "rate": -2.5e-1, "shape": [null, 10]}}"#)
        #expect(value["class_name"]?.string == "Dense")
        #expect(value["config"]?["units"]?.int == 12)
        #expect(value["config"]?["use_bias"]?.bool == true)
        #expect(value["config"]?["bias"]?.isNull == true)
        #expect(value["config"]?["rate"]?.double == -0.25)
        #expect(value["config"]?["shape"]?.array == [.null, .number(10)])
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try parse(#"["a\"b\\c\/d\n", "\u00e9\ud83d\ude00"]"#)
        #expect(value.array?[0].string == "a\"b\\c/d\n")
        #expect(value.array?[1].string == "é😀")
    }

    @Test func acceptsPythonNonFiniteNumbers() throws {
        let value = try parse("[NaN, Infinity, -Infinity]")
        #expect(value.array?[0].double?.isNaN == true)
        #expect(value.array?[1].double == .infinity)
        #expect(value.array?[2].double == -.infinity)
    }

    @Test func intIsOnlyForIntegralNumbers() throws {
        #expect(try parse("3.5").int == nil)
        #expect(try parse("3.0").int == 3)
        #expect(try parse("1e300").int == nil)
    }

    @Test(arguments: ["", "{", "[1,", "{\"a\" 1}", "[1 2]", "\"abc", "01x", "tru", "[1]]", "{\"a\":}", "\"\\q\"", "-", "1.", "1e"])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: IOError.self) { try parse(text) }
    }

    @Test func refusesDeepNesting() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: IOError.self) { try parse(text) }
    }
}
