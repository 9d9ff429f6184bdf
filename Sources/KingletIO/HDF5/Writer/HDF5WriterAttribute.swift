/// A named value attached to a group or dataset by `HDF5Writer`.
public struct HDF5WriterAttribute: Sendable, Hashable {
    public let name: String
    public let value: HDF5WriterAttributeValue

    public init(name: String, value: HDF5WriterAttributeValue) {
        self.name = name
        self.value = value
    }
}

extension [HDF5WriterAttribute] {
    /// Sets the attribute `name`, replacing an existing one in place so order is kept.
    mutating func set(_ name: String, _ value: HDF5WriterAttributeValue, on path: String) throws(IOError) {
        try HDF5WriterNames.validateAttribute(name, on: path)
        let attribute = HDF5WriterAttribute(name: name, value: value)
        if let index = firstIndex(where: { $0.name == name }) {
            self[index] = attribute
        } else {
            append(attribute)
        }
    }
}
