@testable import KingletImport
import KingletIO
import Testing

/// The config reader's rules, form by form: what Keras's deserialization accepts is read
/// with Keras's meaning, the rest is refused saying what was expected (docs/KERAS.md,
/// "Config values", gives the Keras source of each rule).
@Suite struct KerasConfigValueTests {
    private func json(_ text: String) throws -> JSONValue { try JSONValue(parsing: Array(text.utf8)) }

    private func refusal<T>(_ body: () throws(KerasConfigValue.Refusal) -> T) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return error.expected
        }
    }

    // MARK: JSON numbers keep integer literals apart, as Python's json does

    @Test func integerLiteralsStayIntegers() throws {
        #expect(try json("16").integerLiteral == 16)
        #expect(try json("-3").integerLiteral == -3)
        #expect(try json("16.0").integerLiteral == nil)
        #expect(try json("1e2").integerLiteral == nil)
        #expect(try json("16.0").int == 16, "int still reads integral floats")
        #expect(try json("16") == json("16.0"), "numbers compare by value")
        #expect(try json("[16]") == .array([.number(16)]))
        #expect(try json("9007199254740993").integerLiteral == nil, "beyond 2^53 a number is a float")
    }

    // MARK: Flags: Python truthiness

    @Test(arguments: [("true", true), ("false", false), ("1", true), ("0", false), ("1.0", true),
                      ("0.0", false), ("2", true), ("-1", true), ("null", false)])
    func flagsAcceptBooleansNumbersAndNull(text: String, expected: Bool) throws {
        let value = try json(text)
        #expect(try KerasConfigValue.bool(value) == expected)
    }

    @Test(arguments: ["\"false\"", "\"true\"", "\"\"", "[]", "[1]", "{}", "NaN"])
    func flagsRefuseStringsAndLists(text: String) throws {
        let value = try json(text)
        #expect(refusal { () throws(KerasConfigValue.Refusal) in try KerasConfigValue.bool(value) } == "true, false or a number")
    }

    // MARK: Integers

    @Test func integersByForm() throws {
        #expect(try KerasConfigValue.integer(json("16"), .literal) == 16)
        #expect(try KerasConfigValue.integer(json("16"), .integral) == 16)
        #expect(try KerasConfigValue.integer(json("16.0"), .integral) == 16)
        for (text, form) in [("16.0", KerasConfigValue.IntegerForm.literal), ("16.5", .integral), ("16.5", .literal),
                             ("\"16\"", .integral), ("true", .integral), ("null", .integral), ("[16]", .integral)] {
            let value = try json(text)
            #expect(refusal { () throws(KerasConfigValue.Refusal) in try KerasConfigValue.integer(value, form) } == "an integer",
                    "\(text) as \(form)")
        }
    }

    @Test func numbersAreFiniteIntegersOrFloats() throws {
        #expect(try KerasConfigValue.number(json("1")) == 1)
        #expect(try KerasConfigValue.number(json("0.5")) == 0.5)
        for text in ["\"0.5\"", "true", "null", "NaN", "Infinity", "[0.5]"] {
            let value = try json(text)
            #expect(refusal { () throws(KerasConfigValue.Refusal) in try KerasConfigValue.number(value) } == "a finite number", "\(text)")
        }
        #expect(try KerasConfigValue.numbers(json("[1, 0.5]")) == [1, 0.5])
        #expect(try KerasConfigValue.numbers(json("2")) == [2])
        let strings = try json("[\"1\"]")
        #expect(refusal { () throws(KerasConfigValue.Refusal) in try KerasConfigValue.numbers(strings) } == "a list of finite numbers")
    }

    // MARK: Tuples (kernel sizes, strides, pool sizes)

    @Test func tuplesTakeOneIntegerOrAListOfCount() throws {
        #expect(try KerasConfigValue.tuple(json("3"), count: 2, items: .literal) == [3, 3])
        #expect(try KerasConfigValue.tuple(json("[2, 3]"), count: 2, items: .literal) == [2, 3])
        #expect(try KerasConfigValue.tuple(json("[2.0, 2.0]"), count: 2, items: .integral) == [2, 2])
        #expect(try KerasConfigValue.tuple(json("[5]"), count: 1, items: .literal) == [5])
        #expect(try KerasConfigValue.tuple(json("5"), count: 1, items: .literal) == [5])
        let expected = "an integer or a list of 2 integers"
        // A single 3.0 is refused by every Keras (normalize_tuple wants an int); so are a
        // wrong length, a string item and 3.0 items where TensorFlow needs ints.
        for (text, form) in [("3.0", KerasConfigValue.IntegerForm.integral), ("[3]", .literal), ("[3, 3, 3]", .literal),
                             ("[\"3\", 3]", .integral), ("[3.0, 3.0]", .literal), ("[3.5, 3]", .integral),
                             ("null", .literal), ("true", .literal)] {
            let value = try json(text)
            #expect(refusal { () throws(KerasConfigValue.Refusal) in try KerasConfigValue.tuple(value, count: 2, items: form) } == expected,
                    "\(text) as \(form)")
        }
    }

    @Test func integerListsTakeAListOrOneInteger() throws {
        #expect(try KerasConfigValue.integers(json("[1, -1]"), items: .literal) == [1, -1])
        #expect(try KerasConfigValue.integers(json("3"), items: .literal) == [3])
        #expect(try KerasConfigValue.integers(json("3.0"), items: .integral) == [3])
        for text in ["[1.0]", "3.0", "null", "\"3\""] {
            let value = try json(text)
            #expect(refusal { () throws(KerasConfigValue.Refusal) in try KerasConfigValue.integers(value, items: .literal) }
                    == "an integer or a list of integers", "\(text)")
        }
    }

    // MARK: ZeroPadding / Cropping amounts

    @Test func amountsInEveryShape() throws {
        #expect(try KerasConfigValue.amounts(json("1"), axes: 2, pairItems: .literal) == [[1, 1], [1, 1]])
        #expect(try KerasConfigValue.amounts(json("[1, 2]"), axes: 2, pairItems: .literal) == [[1, 1], [2, 2]])
        #expect(try KerasConfigValue.amounts(json("[[1, 0], [0, 2]]"), axes: 2, pairItems: .literal) == [[1, 0], [0, 2]])
        #expect(try KerasConfigValue.amounts(json("[[1.0, 0], [0, 2]]"), axes: 2, pairItems: .integral) == [[1, 0], [0, 2]])
        #expect(try KerasConfigValue.amounts(json("[1, 2]"), axes: 1, pairItems: .literal) == [[1, 2]])
        #expect(try KerasConfigValue.amounts(json("3"), axes: 1, pairItems: .literal) == [[3, 3]])
        for (text, form) in [("1.0", KerasConfigValue.IntegerForm.integral), ("[1.0, 1.0]", .integral), ("[[1.0, 0], [0, 1]]", .literal),
                             ("[1, 2, 3]", .literal), ("null", .literal)] {
            let value = try json(text)
            #expect(refusal { () throws(KerasConfigValue.Refusal) in try KerasConfigValue.amounts(value, axes: 2, pairItems: form) }
                    == "an integer, 2 integers or 2 (before, after) pairs of integers", "\(text) as \(form)")
        }
    }

    // MARK: Messages show the value as the config has it

    @Test func valuesAreDescribedAsJSON() throws {
        #expect(KerasConfigValue.describe(try json("2.5")) == "2.5")
        #expect(KerasConfigValue.describe(try json("16")) == "16")
        #expect(KerasConfigValue.describe(try json("16.0")) == "16.0")
        #expect(KerasConfigValue.describe(try json("\"fa\\\"lse\"")) == "\"fa\\\"lse\"")
        #expect(KerasConfigValue.describe(try json("[3, null, true]")) == "[3, null, true]")
        #expect(KerasConfigValue.describe(try json("{\"b\": 1, \"a\": NaN}")) == "{\"a\": NaN, \"b\": 1}")
        #expect(KerasConfigValue.describe(.string(String(repeating: "x", count: 100))).count == 61)
    }
}
