import KingletImport

enum TruncationProbe {
    /// The prefix lengths of `bytes` that decode without an error (expected: none). A
    /// crash fails the whole run, so reaching the end already shows none of them trap.
    static func prefixesThatDecode<S: Sequence<Int>>(_ bytes: [UInt8], lengths: S) -> [Int] {
        lengths.filter { length in
            (try? TFLiteModel(bytes: Array(bytes.prefix(length)))) != nil
        }
    }
}
