/// Where the sign, exponent and mantissa of a floating-point datatype sit, as the
/// datatype message states them (bit positions counted from the least significant bit).
public struct HDF5FloatLayout: Sendable, Hashable {
    public let signBit: Int
    public let exponentBit: Int
    public let exponentBits: Int
    public let mantissaBit: Int
    public let mantissaBits: Int
    public let exponentBias: Int

    static let binary16 = HDF5FloatLayout(signBit: 15, exponentBit: 10, exponentBits: 5,
                                         mantissaBit: 0, mantissaBits: 10, exponentBias: 15)
    static let binary32 = HDF5FloatLayout(signBit: 31, exponentBit: 23, exponentBits: 8,
                                         mantissaBit: 0, mantissaBits: 23, exponentBias: 127)
    static let binary64 = HDF5FloatLayout(signBit: 63, exponentBit: 52, exponentBits: 11,
                                         mantissaBit: 0, mantissaBits: 52, exponentBias: 1023)

    func validate(size: Int, path: String) throws(IOError) {
        let bits = size * 8
        guard signBit < bits, exponentBits > 0, exponentBits <= 16, mantissaBits > 0, mantissaBits <= 63,
              exponentBit + exponentBits <= bits, mantissaBit + mantissaBits <= bits else {
            throw .unsupportedHDF5(path: path, reason: "floating-point layout \(self) in a \(size)-byte type")
        }
    }

    /// The value of the raw bits `raw` (already in host order), assuming an implied
    /// leading mantissa bit and IEEE handling of all-ones exponents.
    func value(_ raw: UInt64) -> Double {
        let negative = (raw >> UInt64(signBit)) & 1 != 0
        let exponent = Int((raw >> UInt64(exponentBit)) & ((1 << UInt64(exponentBits)) - 1))
        let mantissa = (raw >> UInt64(mantissaBit)) & ((1 << UInt64(mantissaBits)) - 1)
        let maxExponent = (1 << exponentBits) - 1
        let fraction = Double(mantissa) / Double(sign: .plus, exponent: mantissaBits, significand: 1)
        var magnitude: Double
        if exponent == maxExponent {
            magnitude = mantissa == 0 ? .infinity : .nan
        } else if exponent == 0 {
            magnitude = Double(sign: .plus, exponent: 1 - exponentBias, significand: fraction)
        } else {
            magnitude = Double(sign: .plus, exponent: exponent - exponentBias, significand: 1 + fraction)
        }
        if negative { magnitude = -magnitude }
        return magnitude
    }
}
