/// The decoded header of a `.kgl` file (see FormatSpec.header for the layout).
public struct KglHeader: Sendable {
    public var versionMajor: UInt16
    public var versionMinor: UInt16
    public var headerBytes: Int
    public var totalBytes: Int
    public var crc32: UInt32
    public var arenaBytes: Int
    public var flags: UInt32
    public var tensorCount: Int
    public var tensorsOffset: Int
    public var operatorCount: Int
    public var operatorsOffset: Int
    public var operandCount: Int
    public var operandsOffset: Int
    public var inputCount: Int
    public var outputCount: Int
    public var ioOffset: Int
    public var dataOffset: Int
    public var dataBytes: Int
    public var stringsOffset: Int
    public var stringsBytes: Int

    init(_ b: LittleEndianBytes) {
        let h = FormatSpec.header
        func u32(_ name: String) -> Int { Int(b.u32(h.offset(of: name))) }
        func u16(_ name: String) -> Int { Int(b.u16(h.offset(of: name))) }
        versionMajor = UInt16(u16("version_major"))
        versionMinor = UInt16(u16("version_minor"))
        headerBytes = u32("header_bytes")
        totalBytes = u32("total_bytes")
        crc32 = UInt32(u32("crc32"))
        arenaBytes = u32("arena_bytes")
        flags = UInt32(u32("flags"))
        tensorCount = u32("tensor_count")
        tensorsOffset = u32("tensors_offset")
        operatorCount = u32("operator_count")
        operatorsOffset = u32("operators_offset")
        operandCount = u32("operand_count")
        operandsOffset = u32("operands_offset")
        inputCount = u16("input_count")
        outputCount = u16("output_count")
        ioOffset = u32("io_offset")
        dataOffset = u32("data_offset")
        dataBytes = u32("data_bytes")
        stringsOffset = u32("strings_offset")
        stringsBytes = u32("strings_bytes")
    }
}
