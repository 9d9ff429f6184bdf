/// What an attribute written by `HDF5Writer` holds.
public enum HDF5WriterAttributeValue: Sendable, Hashable {
    /// A scalar variable-length UTF-8 string: what h5py stores for a Python `str`, and
    /// what Keras puts in the `name` attribute of each `vars` group.
    case string(String)
    /// A 1-D array of variable-length UTF-8 strings.
    case strings([String])
    /// A scalar fixed-length string, null-padded to its own length (ASCII when every
    /// byte is, UTF-8 otherwise): what h5py stores for NumPy `bytes`.
    case fixedString(String)
    /// A 1-D array of fixed-length strings null-padded to the longest, like a NumPy `S`
    /// array (Keras 2's `layer_names` and `weight_names`).
    case fixedStrings([String])
    /// Numbers of any shape, scalar when the shape is empty.
    case array(HDF5WriterArray)
}
