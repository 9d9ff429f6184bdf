extension HDF5Datatype: CustomStringConvertible {
    /// A reader-facing name ("float32", "opaque (4 bytes)") for error messages.
    public var description: String {
        switch self {
        case let .fixedPoint(size, signed, _):
            return "\(signed ? "int" : "uint")\(size * 8)"
        case let .floatingPoint(size, _, _):
            return "float\(size * 8)"
        case let .string(size):
            return "fixed-length string (\(size) bytes)"
        case .variableLengthString:
            return "variable-length string"
        case let .enumeration(base):
            return "enumeration over \(base)"
        case let .other(typeClass, size):
            let names = [2: "time", 4: "bitfield", 5: "opaque", 6: "compound", 7: "reference",
                         9: "variable-length sequence", 10: "array"]
            return "\(names[typeClass] ?? "type class \(typeClass)") (\(size) bytes)"
        }
    }
}
