@testable import KingletIO

/// Reads the dtype out of a test header so the test can size the data that follows.
enum NpyHeaderParserProbe {
    static func dtype(of header: String) throws -> NpyDType {
        var parser = NpyHeaderParser(Array(header.utf8)[...])
        guard case let .string(descr)? = try parser.parseDictionary()["descr"] else { return .int8 }
        return try NpyDType(descr: descr)
    }
}
