import KingletIO

extension FlatBufferTable {
    /// Decodes each table of the vector in field `id` (an absent vector is empty).
    /// Errors opening element `i` are located at "`label` i"; `decode` receives the
    /// index and adds its own location for errors inside the element.
    func decodeTables<T>(_ id: Int, label: String,
                         _ decode: (Int, FlatBufferTable) throws(ImportError) -> T) throws(ImportError) -> [T] {
        guard let vector = try ImportError.tflite(at: label + "s", { try tableVector(id) }) else { return [] }
        var decoded: [T] = []
        decoded.reserveCapacity(vector.count)
        for index in 0..<vector.count {
            let element = try ImportError.tflite(at: "\(label) \(index)") { try vector.table(at: index) }
            decoded.append(try decode(index, element))
        }
        return decoded
    }

    /// Bytes of a blob that is either a `[ubyte]` vector in field `dataID`, or (in models
    /// over 2 GB) stored after the FlatBuffer at the offset and size in fields `offsetID`
    /// and `sizeID`. An offset of 0 or 1 means "not stored outside".
    func blob(dataID: Int, offsetID: Int, sizeID: Int) throws -> (bytes: [UInt8], fileOffset: Int?) {
        let inline = try byteVector(dataID)
        let offset: UInt64 = try scalar(offsetID, default: 0)
        let size: UInt64 = try scalar(sizeID, default: 0)
        guard offset > 1 else { return (inline ?? [], nil) }
        guard inline?.isEmpty ?? true else {
            throw ImportError.tfliteInvalid("has both inline data (\(inline?.count ?? 0) bytes) and an outside offset \(offset)")
        }
        guard offset <= UInt64(reader.count), size <= UInt64(reader.count) - offset else {
            throw ImportError.tfliteInvalid("data at offset \(offset) with size \(size) lies outside the \(reader.count)-byte file")
        }
        return (try reader.copyBytes(at: Int(offset), count: Int(size)), Int(offset))
    }
}
