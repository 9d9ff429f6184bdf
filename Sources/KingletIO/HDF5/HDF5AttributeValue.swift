/// The decoded contents of an attribute.
public enum HDF5AttributeValue: Sendable, Hashable {
    /// A scalar string (fixed-length or variable-length).
    case string(String)
    /// An array of strings, e.g. Keras' `layer_names` and `weight_names`.
    case strings([String])
    /// Floating-point values, flattened in row-major order.
    case numbers([Double])
    /// Integer (or enum) values, flattened in row-major order.
    case ints([Int64])
    /// A datatype this reader does not decode; the reason names it.
    case unsupported(String)
}
