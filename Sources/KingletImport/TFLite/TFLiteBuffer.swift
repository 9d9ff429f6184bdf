import KingletIO

/// Raw constant data referenced by tensors (schema table `Buffer`).
public struct TFLiteBuffer: Sendable, Hashable {
    /// The bytes, little-endian, in the tensor's element order. Empty for buffer 0 and for
    /// tensors computed at run time.
    public var data: [UInt8]
    /// Where the data lies in the file when it is stored after the FlatBuffer (models over
    /// 2 GB use the buffer's `offset`/`size` fields instead of an inline vector); `nil`
    /// for inline data.
    public var fileOffset: Int?

    public init(data: [UInt8] = [], fileOffset: Int? = nil) {
        self.data = data
        self.fileOffset = fileOffset
    }

    private enum Field {
        static let data = 0, offset = 1, size = 2
    }

    init(table: FlatBufferTable, index: Int) throws(ImportError) {
        self = try ImportError.tflite(at: "buffer \(index)") {
            let blob = try table.blob(dataID: Field.data, offsetID: Field.offset, sizeID: Field.size)
            return TFLiteBuffer(data: blob.bytes, fileOffset: blob.fileOffset)
        }
    }
}
