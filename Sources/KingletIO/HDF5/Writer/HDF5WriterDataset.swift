/// A dataset to be written by `HDF5Writer`: a numeric array plus its attributes.
public struct HDF5WriterDataset: Sendable, Hashable {
    public let array: HDF5WriterArray
    /// In the order they were first set.
    public private(set) var attributes: [HDF5WriterAttribute] = []

    public init(_ array: HDF5WriterArray) {
        self.array = array
    }

    /// Sets (or replaces) the attribute `name`.
    public mutating func setAttribute(_ name: String, _ value: HDF5WriterAttributeValue) throws(IOError) {
        try attributes.set(name, value, on: "")
    }
}
