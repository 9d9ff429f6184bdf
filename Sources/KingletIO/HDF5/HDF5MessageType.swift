/// The type of an object-header message. Any 16-bit value can appear in a file; the
/// ones the reader understands have names.
struct HDF5MessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    let rawValue: UInt16
    init(rawValue: UInt16) { self.rawValue = rawValue }

    static let nil_ = Self(rawValue: 0x00)
    static let dataspace = Self(rawValue: 0x01)
    static let linkInfo = Self(rawValue: 0x02)
    static let datatype = Self(rawValue: 0x03)
    static let fillValueOld = Self(rawValue: 0x04)
    static let fillValue = Self(rawValue: 0x05)
    static let link = Self(rawValue: 0x06)
    static let externalFiles = Self(rawValue: 0x07)
    static let dataLayout = Self(rawValue: 0x08)
    static let groupInfo = Self(rawValue: 0x0A)
    static let filterPipeline = Self(rawValue: 0x0B)
    static let attribute = Self(rawValue: 0x0C)
    static let continuation = Self(rawValue: 0x10)
    static let symbolTable = Self(rawValue: 0x11)
    static let attributeInfo = Self(rawValue: 0x15)

    var description: String { "message type 0x\(String(rawValue, radix: 16))" }
}
