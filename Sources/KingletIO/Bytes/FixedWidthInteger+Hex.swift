extension FixedWidthInteger {
    /// `0x`-prefixed, zero-padded upper-case hex (`0x0804` for a UInt16), for messages
    /// about signatures and checksums.
    var hexDescription: String {
        let digits = String(self, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: Swift.max(0, Self.bitWidth / 4 - digits.count)) + digits
    }
}
