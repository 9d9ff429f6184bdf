/// What a link in a group leads to.
public enum HDF5Object: Sendable {
    case group(HDF5Group)
    case dataset(HDF5Dataset)

    /// Opens the object whose header is at absolute `offset`.
    init(context: HDF5Context, headerOffset: Int, path: String, root: Int) throws(IOError) {
        let header = try HDF5ObjectHeader(context: context, offset: headerOffset, path: path)
        if header.first(.dataLayout) != nil {
            self = .dataset(try HDF5Dataset(context: context, header: header, path: path))
        } else if header.first(.datatype) != nil && header.first(.dataspace) == nil {
            throw .unsupportedHDF5(path: path, reason: "committed (named) datatypes")
        } else {
            self = .group(HDF5Group(context: context, header: header, path: path, root: root))
        }
    }
}
