import KingletIO

/// Serializes a `KglProgram` into `.kgl` bytes (layout: docs/FORMAT.md). Sections follow the
/// header in this order: tensors, operators, operands, io, data, strings.
public enum KglWriter {
    public static func write(_ program: KglProgram, includeNames: Bool = true) throws(FormatError) -> [UInt8] {
        var strings: [UInt8] = []
        var stringOffsets: [String: UInt32] = [:]
        func nameOffset(_ name: String?) -> UInt32 {
            guard includeNames, let name, !name.isEmpty else { return FormatSpec.noName }
            if let known = stringOffsets[name] { return known }
            let offset = UInt32(strings.count)
            strings.append(contentsOf: Array(name.utf8).filter { $0 != 0 })
            strings.append(0)
            stringOffsets[name] = offset
            return offset
        }

        var tensorSection = RecordWriter(FormatSpec.tensor)
        for (index, tensor) in program.tensors.enumerated() {
            guard tensor.shape.count <= FormatSpec.maxRank else {
                throw FormatError("tensor \(index) '\(tensor.name ?? "")': rank \(tensor.shape.count) exceeds \(FormatSpec.maxRank)")
            }
            guard tensor.shape.allSatisfy({ $0 >= 0 && $0 <= Int(UInt32.max) }),
                  tensor.byteCount <= Int(UInt32.max), tensor.offset <= Int(UInt32.max) else {
                throw FormatError("tensor \(index) '\(tensor.name ?? "")': shape \(tensor.shape) is too large for the format")
            }
            tensorSection.begin()
            tensorSection.set("type", UInt32(tensor.type.rawValue))
            tensorSection.set("rank", UInt32(tensor.shape.count))
            let location = switch tensor.location {
            case .arena: FormatSpec.locationArena
            case .fused: FormatSpec.locationFused
            case .constant: tensor.sparseRowAxis != nil ? FormatSpec.locationSparse : FormatSpec.locationConstant
            }
            tensorSection.set("location", UInt32(location))
            tensorSection.set("quant_kind", UInt32(tensor.quantKind))
            for (axis, dim) in tensor.shape.enumerated() {
                tensorSection.set("dims", UInt32(dim), element: axis)
            }
            tensorSection.set("offset", UInt32(tensor.offset))
            tensorSection.set("bytes", UInt32(tensor.byteCount))
            tensorSection.set("zero_point", UInt32(bitPattern: tensor.zeroPoint))
            tensorSection.set("scale", tensor.scale.bitPattern)
            tensorSection.set("quant_axis", UInt32(tensor.sparseRowAxis ?? tensor.quantAxis))
            tensorSection.set("quant_scales", UInt32(tensor.channelScalesOffset ?? 0))
            tensorSection.set("name", nameOffset(tensor.name))
            tensorSection.set("normalization_channels", UInt32(tensor.normalizationChannels))
            tensorSection.set("normalization", UInt32(tensor.normalizationOffset))
        }

        var operatorSection = RecordWriter(FormatSpec.operator)
        var operands: [UInt32] = []
        for (index, op) in program.operators.enumerated() {
            guard op.options.count <= FormatSpec.optionSlots, op.inputs.count <= 255,
                  op.outputs.count <= 255 else {
                throw FormatError("operator \(index) (\(op.kind)): too many operands or options")
            }
            operatorSection.begin()
            operatorSection.set("kind", UInt32(op.kind.rawValue))
            operatorSection.set("input_count", UInt32(op.inputs.count))
            operatorSection.set("output_count", UInt32(op.outputs.count))
            operatorSection.set("operands", UInt32(operands.count))
            operatorSection.set("name", nameOffset(op.name))
            for (slot, value) in op.options.enumerated() {
                operatorSection.set("options", UInt32(bitPattern: value), element: slot)
            }
            operands += (op.inputs + op.outputs).map { UInt32($0) }
        }

        let io = (program.inputs + program.outputs).map { UInt32($0) }
        var layout = SectionLayout(start: FormatSpec.header.byteCount)
        let tensorsAt = layout.place(tensorSection.bytes.count)
        let operatorsAt = layout.place(operatorSection.bytes.count)
        let operandsAt = layout.place(operands.count * 4)
        let ioAt = layout.place(io.count * 4)
        let dataAt = layout.place(program.data.count)
        let stringsAt = layout.place(strings.count)
        guard layout.end <= Int(UInt32.max) else {
            throw FormatError("model of \(layout.end) bytes exceeds the 4 GiB the format addresses")
        }

        var out = [UInt8](repeating: 0, count: layout.end)
        func put(_ bytes: [UInt8], at offset: Int) {
            out.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        }
        func words(_ values: [UInt32]) -> [UInt8] {
            values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) } }
        }
        put(tensorSection.bytes, at: tensorsAt)
        put(operatorSection.bytes, at: operatorsAt)
        put(words(operands), at: operandsAt)
        put(words(io), at: ioAt)
        put(program.data, at: dataAt)
        put(strings, at: stringsAt)

        var header = RecordWriter(FormatSpec.header)
        header.begin()
        header.set("magic", FormatSpec.magic)
        header.set("version_major", UInt32(FormatSpec.versionMajor))
        header.set("version_minor", UInt32(FormatSpec.versionMinor))
        header.set("header_bytes", UInt32(FormatSpec.header.byteCount))
        header.set("total_bytes", UInt32(layout.end))
        header.set("arena_bytes", UInt32(program.arenaBytes))
        header.set("flags", strings.isEmpty ? 0 : FormatSpec.flagHasNames)
        header.set("tensor_count", UInt32(program.tensors.count))
        header.set("tensors_offset", UInt32(tensorsAt))
        header.set("operator_count", UInt32(program.operators.count))
        header.set("operators_offset", UInt32(operatorsAt))
        header.set("operand_count", UInt32(operands.count))
        header.set("operands_offset", UInt32(operandsAt))
        header.set("input_count", UInt32(program.inputs.count))
        header.set("output_count", UInt32(program.outputs.count))
        header.set("io_offset", UInt32(ioAt))
        header.set("data_offset", UInt32(dataAt))
        header.set("data_bytes", UInt32(program.data.count))
        header.set("strings_offset", UInt32(stringsAt))
        header.set("strings_bytes", UInt32(strings.count))
        header.set("crc32", CRC32.checksum(out[FormatSpec.header.byteCount...]))
        put(header.bytes, at: 0)
        return out
    }
}

/// Places sections one after another at 16-byte-aligned offsets.
private struct SectionLayout {
    var end: Int

    init(start: Int) { end = start }

    mutating func place(_ count: Int) -> Int {
        end = (end + FormatSpec.alignment - 1) / FormatSpec.alignment * FormatSpec.alignment
        let offset = end
        end += count
        return offset
    }
}
