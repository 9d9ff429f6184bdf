/// Which link and attribute names an HDF5 file can hold.
enum HDF5WriterNames {
    /// A link name is one path component: not empty, not ".", without "/" or NUL.
    static func validateLink(_ name: String, in path: String) throws(IOError) {
        let item = join(path, name)
        let reason: String? =
            name.isEmpty ? "link names must not be empty"
            : name == "." ? "'.' names the group itself and cannot be a link name"
            : name.utf8.contains(UInt8(ascii: "/")) ? "link names must not contain '/'"
            : name.utf8.contains(0) ? "link names must not contain NUL"
            : nil
        if let reason { throw .cannotWrite(format: HDF5Writer.format, item: item, reason: reason) }
    }

    /// Attribute names may hold "/" but not NUL, and must not be empty.
    static func validateAttribute(_ name: String, on path: String) throws(IOError) {
        let reason: String? =
            name.isEmpty ? "attribute names must not be empty"
            : name.utf8.contains(0) ? "attribute names must not contain NUL"
            : nil
        if let reason {
            throw .cannotWrite(format: HDF5Writer.format, item: path + "@" + name, reason: reason)
        }
    }

    /// The path of child `name` of the group at `parent` ("/" for the root).
    static func join(_ parent: String, _ name: String) -> String {
        parent.hasSuffix("/") ? parent + name : parent + "/" + name
    }
}
