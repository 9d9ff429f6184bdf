/// A child of an `HDF5WriterGroup`.
public enum HDF5WriterNode: Sendable, Hashable {
    case group(HDF5WriterGroup)
    case dataset(HDF5WriterDataset)
}
