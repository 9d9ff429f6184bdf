import KingletIO
import KingletIR

/// A `.kgl` model read from its bytes, with every generic check of the format done: header,
/// version, CRC, section bounds, tensor and operator records, operand indices, names. The
/// checks that depend on an operator's kind (shapes, option ranges) belong to its kernel.
/// The same checks exist in C in runtime-c/src/kgl_model.c.
public struct KglModel: Sendable {
    public let bytes: [UInt8]
    public let header: KglHeader
    public let tensors: [KglTensor]
    public let operators: [KglOperator]
    public let inputs: [Int]
    public let outputs: [Int]

    public init(bytes: [UInt8]) throws(FormatError) {
        self.bytes = bytes
        let b = LittleEndianBytes(bytes: bytes)
        guard bytes.count >= FormatSpec.header.byteCount else {
            throw FormatError("file is \(bytes.count) bytes, shorter than the \(FormatSpec.header.byteCount)-byte .kgl header")
        }
        guard b.u32(0) == FormatSpec.magic else {
            throw FormatError("not a .kgl file (magic bytes are \(bytes[0..<4].map { String($0, radix: 16) }), expected 'KGL\\0')")
        }
        let header = KglHeader(b)
        self.header = header
        guard header.versionMajor == FormatSpec.versionMajor else {
            throw FormatError(".kgl format version \(header.versionMajor).\(header.versionMinor) is not readable by this version (reads \(FormatSpec.versionMajor).x)")
        }
        guard header.headerBytes == FormatSpec.header.byteCount else {
            throw FormatError("header_bytes is \(header.headerBytes), expected \(FormatSpec.header.byteCount)")
        }
        guard header.totalBytes <= bytes.count, header.totalBytes >= header.headerBytes else {
            throw FormatError("header says the model has \(header.totalBytes) bytes, the file has \(bytes.count) (truncated?)")
        }
        let crc = CRC32.checksum(bytes[header.headerBytes..<header.totalBytes])
        guard crc == header.crc32 else {
            throw FormatError("CRC32 mismatch: header says 0x\(String(header.crc32, radix: 16)), bytes give 0x\(String(crc, radix: 16)) (corrupted file)")
        }

        func section(_ name: String, offset: Int, count: Int, size: Int) throws(FormatError) -> Int {
            let (total, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, offset % FormatSpec.alignment == 0, offset >= header.headerBytes,
                  offset <= header.totalBytes, total <= header.totalBytes - offset else {
                throw FormatError("\(name) section (offset \(offset), \(count) × \(size) bytes) lies outside the model's \(header.totalBytes) bytes or is not \(FormatSpec.alignment)-byte aligned")
            }
            return offset
        }
        let tensorsAt = try section("tensors", offset: header.tensorsOffset, count: header.tensorCount, size: FormatSpec.tensor.byteCount)
        let operatorsAt = try section("operators", offset: header.operatorsOffset, count: header.operatorCount, size: FormatSpec.operator.byteCount)
        let operandsAt = try section("operands", offset: header.operandsOffset, count: header.operandCount, size: 4)
        let ioAt = try section("io", offset: header.ioOffset, count: header.inputCount + header.outputCount, size: 4)
        let dataAt = try section("data", offset: header.dataOffset, count: header.dataBytes, size: 1)
        let stringsAt = try section("strings", offset: header.stringsOffset, count: header.stringsBytes, size: 1)
        if header.stringsBytes > 0 && bytes[stringsAt + header.stringsBytes - 1] != 0 {
            throw FormatError("string table does not end with a NUL byte")
        }

        func name(_ offset: UInt32, _ what: String) throws(FormatError) -> String? {
            if offset == FormatSpec.noName { return nil }
            guard Int(offset) < header.stringsBytes else {
                throw FormatError("\(what): name offset \(offset) is outside the \(header.stringsBytes)-byte string table")
            }
            var end = stringsAt + Int(offset)
            while bytes[end] != 0 { end += 1 }
            return String(decoding: bytes[(stringsAt + Int(offset))..<end], as: UTF8.self)
        }
        func dataRange(_ offset: Int, _ count: Int, alignment: Int) -> Bool {
            offset >= 0 && offset % alignment == 0 && offset <= header.dataBytes
                && count <= header.dataBytes - offset
        }

        var tensors: [KglTensor] = []
        tensors.reserveCapacity(header.tensorCount)
        let t = FormatSpec.tensor
        for index in 0..<header.tensorCount {
            let at = tensorsAt + index * t.byteCount
            let what = "tensor \(index)"
            let type = KglElementType(rawValue: b.u8(at + t.offset(of: "type")))
            guard let elementSize = type.byteCount else {
                throw FormatError("\(what): unknown element type \(type.rawValue)")
            }
            let rank = Int(b.u8(at + t.offset(of: "rank")))
            guard rank <= FormatSpec.maxRank else {
                throw FormatError("\(what): rank \(rank) exceeds the maximum \(FormatSpec.maxRank)")
            }
            var shape: [Int] = []
            var elements = 1
            for axis in 0..<FormatSpec.maxRank {
                let dim = Int(b.u32(at + t.offset(of: "dims") + 4 * axis))
                if axis < rank {
                    guard dim > 0 else {
                        throw FormatError("\(what): dimension \(axis) is 0; every dimension within the rank must be at least 1")
                    }
                    shape.append(dim)
                    let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
                    guard !overflow, product <= Int(UInt32.max) else {
                        throw FormatError("\(what): shape \(shape) has too many elements")
                    }
                    elements = product
                } else if dim != 0 {
                    throw FormatError("\(what): dimension \(axis) beyond rank \(rank) is \(dim), expected 0")
                }
            }
            let byteCount = Int(b.u32(at + t.offset(of: "bytes")))
            guard byteCount == elements * elementSize else {
                throw FormatError("\(what): byte size \(byteCount) disagrees with shape \(shape) of \(type) (\(elements * elementSize) bytes)")
            }
            let locationCode = b.u8(at + t.offset(of: "location"))
            let offset = Int(b.u32(at + t.offset(of: "offset")))
            let location: KglTensor.Location
            switch locationCode {
            case FormatSpec.locationArena:
                location = .arena
                guard offset % elementSize == 0, offset <= header.arenaBytes, byteCount <= header.arenaBytes - offset else {
                    throw FormatError("\(what): arena range \(offset)..<\(offset + byteCount) exceeds the arena of \(header.arenaBytes) bytes or is misaligned")
                }
            case FormatSpec.locationConstant:
                location = .constant
                guard dataRange(offset, byteCount, alignment: elementSize) else {
                    throw FormatError("\(what): constant range \(offset)..<\(offset + byteCount) is outside the \(header.dataBytes)-byte data section or misaligned")
                }
            case FormatSpec.locationSparse:
                location = .constant
            case FormatSpec.locationFused:
                location = .fused
                guard type == .int8, offset == 0 else {
                    throw FormatError("\(what): a fused tensor must be int8 at offset 0; it is \(type) at \(offset)")
                }
            default:
                throw FormatError("\(what): unknown location \(locationCode)")
            }
            let quantKind = b.u8(at + t.offset(of: "quant_kind"))
            let quantAxis = Int(b.u32(at + t.offset(of: "quant_axis")))
            var sparse: SparseEncoding?
            if locationCode == FormatSpec.locationSparse {
                sparse = try Self.sparseEncoding(b, dataAt: dataAt, dataBytes: header.dataBytes, offset: offset,
                                                 type: type, shape: shape, rowAxis: quantAxis, what: what)
            }
            var channelScales: [Float] = []
            switch quantKind {
            case FormatSpec.quantNone, FormatSpec.quantPerTensor:
                break
            case FormatSpec.quantPerChannel:
                guard quantAxis < rank else {
                    throw FormatError("\(what): quantization axis \(quantAxis) is not below rank \(rank)")
                }
                let scalesAt = Int(b.u32(at + t.offset(of: "quant_scales")))
                let count = shape[quantAxis]
                guard dataRange(scalesAt, 4 * count, alignment: 4) else {
                    throw FormatError("\(what): per-channel scales at \(scalesAt) are outside the data section")
                }
                channelScales = (0..<count).map { b.f32(dataAt + scalesAt + 4 * $0) }
            default:
                throw FormatError("\(what): unknown quantization kind \(quantKind)")
            }
            let normalizationChannels = Int(b.u32(at + t.offset(of: "normalization_channels")))
            let normalizationAt = Int(b.u32(at + t.offset(of: "normalization")))
            var normalization: InputNormalization?
            if normalizationChannels == 0 {
                guard normalizationAt == 0 else {
                    throw FormatError("\(what): normalization offset \(normalizationAt) without channels; expected 0")
                }
            } else {
                guard [.int8, .int16, .float32].contains(type), location == .arena,
                      normalizationChannels == shape.last else {
                    throw FormatError("\(what): an input normalization of \(normalizationChannels) channels needs an int8, int16 or float32 arena tensor whose last dimension is that count (\(type) \(shape))")
                }
                guard dataRange(normalizationAt, 8 * normalizationChannels, alignment: 4) else {
                    throw FormatError("\(what): input normalization at \(normalizationAt) (\(8 * normalizationChannels) bytes) is outside the data section or misaligned")
                }
                let values = (0..<(2 * normalizationChannels)).map { b.f32(dataAt + normalizationAt + 4 * $0) }
                guard values.allSatisfy(\.isFinite) else {
                    throw FormatError("\(what): input normalization holds a non-finite shift or multiplier")
                }
                normalization = InputNormalization(shifts: Array(values[..<normalizationChannels]),
                                                   multipliers: Array(values[normalizationChannels...]))
            }
            tensors.append(KglTensor(
                index: index, type: type, shape: shape, location: location, offset: offset,
                byteCount: byteCount, zeroPoint: b.i32(at + t.offset(of: "zero_point")),
                scale: b.f32(at + t.offset(of: "scale")), quantKind: quantKind,
                quantAxis: quantAxis, channelScales: channelScales,
                name: try name(b.u32(at + t.offset(of: "name")), what), normalization: normalization,
                sparse: sparse))
        }
        self.tensors = tensors
        // No memory plan needs more than every arena tensor side by side (16-aligned): a
        // larger arena is a damaged header, refused before anything allocates it.
        let arenaTensorBytes = tensors.filter { $0.location == .arena }.reduce(0) {
            $0 + ($1.byteCount + FormatSpec.alignment - 1) / FormatSpec.alignment * FormatSpec.alignment
        }
        guard header.arenaBytes <= arenaTensorBytes else {
            throw FormatError("arena_bytes is \(header.arenaBytes), more than all \(arenaTensorBytes) bytes of the arena tensors together (damaged header?)")
        }

        func tensorIndex(_ raw: UInt32, _ what: String) throws(FormatError) -> Int {
            guard Int(raw) < tensors.count else {
                throw FormatError("\(what) refers to tensor \(raw), but the model has \(tensors.count)")
            }
            return Int(raw)
        }
        var operators: [KglOperator] = []
        operators.reserveCapacity(header.operatorCount)
        let o = FormatSpec.operator
        for index in 0..<header.operatorCount {
            let at = operatorsAt + index * o.byteCount
            let kind = KglOperatorKind(rawValue: b.u16(at + o.offset(of: "kind")))
            let what = "operator \(index) (\(kind))"
            guard let spec = kind.spec else {
                throw FormatError("\(what): unknown operator kind \(kind.rawValue)")
            }
            let inputCount = Int(b.u8(at + o.offset(of: "input_count")))
            let outputCount = Int(b.u8(at + o.offset(of: "output_count")))
            guard spec.inputs.contains(inputCount), outputCount == spec.outputs else {
                throw FormatError("\(what): has \(inputCount) inputs and \(outputCount) outputs, expected \(spec.inputs) and \(spec.outputs)")
            }
            let first = Int(b.u32(at + o.offset(of: "operands")))
            guard first <= header.operandCount, inputCount + outputCount <= header.operandCount - first else {
                throw FormatError("\(what): operands \(first)..<\(first + inputCount + outputCount) exceed the \(header.operandCount) operand entries")
            }
            var operands: [Int] = []
            for k in 0..<(inputCount + outputCount) {
                operands.append(try tensorIndex(b.u32(operandsAt + 4 * (first + k)), what))
            }
            let outputs = Array(operands[inputCount...])
            // Only the weights of the kernels that read the encoding may be sparse, with the
            // row axis those kernels walk (FORMAT.md, "Sparse constants").
            for (k, index) in operands.enumerated() {
                guard let sparse = tensors[index].sparse else { continue }
                guard k == 1, let rowAxis = spec.sparseRowAxis, sparse.rowAxis == rowAxis else {
                    throw FormatError("\(what): operand \(k), \(tensors[index].label), is sparse; only the weights (input 1) of CONV_2D and FULLY_CONNECTED (row axis 0) and DEPTHWISE_CONV_2D (row axis 3) may be")
                }
            }
            for output in outputs where tensors[output].location == .constant {
                throw FormatError("\(what): output \(tensors[output].label) is a constant, expected an arena tensor")
            }
            // Kernels read inputs while writing outputs: an output may share no arena byte
            // with any other operand of the operator (inputs may share bytes with each other).
            // The exceptions of format 1.5, in place, are left to the kind's check, which
            // knows the shapes: a window's output over its own input (WindowRows), ADD's
            // output on exactly the bytes of an input.
            let window = kind == .conv2D || kind == .depthwiseConv2D
            for k in inputCount..<operands.count where tensors[operands[k]].location == .arena {
                let out = tensors[operands[k]]
                for (j, index) in operands.enumerated() where j != k && !(window && j == 0 && k == inputCount) {
                    let other = tensors[index]
                    if kind == .add && j < inputCount && other.location == .arena
                        && other.offset == out.offset && other.byteCount == out.byteCount {
                        continue
                    }
                    if other.location == .arena && out.offset < other.offset + other.byteCount
                        && other.offset < out.offset + out.byteCount {
                        throw FormatError("\(what): output \(out.label) overlaps \(other.label) in the arena")
                    }
                }
            }
            let options = (0..<FormatSpec.optionSlots).map { b.i32(at + o.offset(of: "options") + 4 * $0) }
            operators.append(KglOperator(
                index: index, kind: kind, inputs: Array(operands[..<inputCount]), outputs: outputs,
                options: options, name: try name(b.u32(at + o.offset(of: "name")), what)))
        }
        self.operators = operators

        var io: [Int] = []
        for k in 0..<(header.inputCount + header.outputCount) {
            let what = k < header.inputCount ? "model input \(k)" : "model output \(k - header.inputCount)"
            let index = try tensorIndex(b.u32(ioAt + 4 * k), what)
            guard tensors[index].location == .arena else {
                throw FormatError("\(what) is \(tensors[index].label), which is not in the arena (\(tensors[index].location)); expected an arena tensor")
            }
            io.append(index)
        }
        inputs = Array(io[..<header.inputCount])
        outputs = Array(io[header.inputCount...])
        for tensor in tensors where tensor.normalization != nil && !inputs.contains(tensor.index) {
            throw FormatError("\(tensor.label) has an input normalization but is not a model input")
        }
        try Self.checkFused(tensors: tensors, operators: operators)

    }

    /// Byte offset of the data section in `bytes`.
    public var dataOffset: Int { header.dataOffset }

    /// `count` int32 values from the data section at `offset`, or nil when out of bounds.
    public func int32Array(at offset: Int32, count: Int) -> [Int32]? {
        let start = Int(offset)
        guard start >= 0, start % 4 == 0, count >= 0, start <= header.dataBytes,
              count <= (header.dataBytes - start) / 4 else { return nil }
        let b = LittleEndianBytes(bytes: bytes)
        return (0..<count).map { b.i32(header.dataOffset + start + 4 * $0) }
    }

    /// The constant bytes of a tensor (its location must be constant), in dense row-major
    /// order: a sparse constant is decoded.
    public func constantBytes(_ tensor: KglTensor) -> ArraySlice<UInt8> {
        let start = header.dataOffset + tensor.offset
        guard let sparse = tensor.sparse else {
            return bytes[start..<(start + tensor.byteCount)]
        }
        var dense = [UInt8](repeating: 0, count: tensor.byteCount)
        var value = start + sparse.bitmapBytes
        let order = SparseEncoding.elementOrder(shape: tensor.shape, rowAxis: sparse.rowAxis)
        for (k, index) in order.enumerated() where bytes[start + k / 8] & (1 << UInt8(k % 8)) != 0 {
            dense[index] = bytes[value]
            value += 1
        }
        return dense[...]
    }

    /// A sparse constant's bitmap and nonzero values as stored.
    public func sparseParts(_ tensor: KglTensor) -> (bitmap: ArraySlice<UInt8>, values: ArraySlice<UInt8>)? {
        guard let sparse = tensor.sparse else { return nil }
        let start = header.dataOffset + tensor.offset
        return (bytes[start..<(start + sparse.bitmapBytes)],
                bytes[(start + sparse.bitmapBytes)..<(start + sparse.storedBytes)])
    }

    /// Checks a sparse constant's record and encoding: int8, rank ≥ 1, row axis below the
    /// rank, bitmap and values inside the data section, no bit past the last element, no
    /// stored zero (so every tensor has exactly one encoding).
    static func sparseEncoding(_ b: LittleEndianBytes, dataAt: Int, dataBytes: Int, offset: Int, type: KglElementType,
                               shape: [Int], rowAxis: Int, what: String) throws(FormatError) -> SparseEncoding {
        guard type == .int8, !shape.isEmpty, rowAxis < shape.count else {
            throw FormatError("\(what): a sparse constant must be int8 of rank ≥ 1 with its row axis (quant_axis \(rowAxis)) below the rank; it is \(type) \(shape)")
        }
        let count = shape.reduce(1, *)
        let bitmapBytes = (count + 7) / 8
        guard offset >= 0, offset <= dataBytes, bitmapBytes <= dataBytes - offset else {
            throw FormatError("\(what): sparse bitmap at \(offset) (\(bitmapBytes) bytes) is outside the \(dataBytes)-byte data section")
        }
        var nonzeros = 0
        for k in 0..<bitmapBytes { nonzeros += b.u8(dataAt + offset + k).nonzeroBitCount }
        if count % 8 != 0, b.u8(dataAt + offset + bitmapBytes - 1) >> UInt8(count % 8) != 0 {
            throw FormatError("\(what): sparse bitmap has bits set past its \(count) elements")
        }
        guard nonzeros <= dataBytes - offset - bitmapBytes else {
            throw FormatError("\(what): sparse values (\(nonzeros) bytes after the bitmap at \(offset)) run past the \(dataBytes)-byte data section")
        }
        for k in 0..<nonzeros where b.u8(dataAt + offset + bitmapBytes + k) == 0 {
            throw FormatError("\(what): sparse value \(k) is 0; a sparse constant stores only nonzero values")
        }
        return SparseEncoding(rowAxis: rowAxis, rowLength: count / shape[rowAxis], bitmapBytes: bitmapBytes,
                              nonzeroCount: nonzeros)
    }
}

extension KglModel {
    /// The fused tensors' rule (format 1.6, FORMAT.md "Fused residual ADD"): each is output 0
    /// of exactly one operator, a CONV_2D, and read by exactly one, the next, an ADD whose
    /// other input has the same shape and whose output shares no arena byte with the
    /// convolution's input (the convolution writes the ADD's output while it reads its
    /// input). Element types and the ADD's in-place rule are the kinds' checks. Twin of
    /// kgl_check_fused.
    static func checkFused(tensors: [KglTensor], operators: [KglOperator]) throws(FormatError) {
        for tensor in tensors where tensor.location == .fused {
            let writers = operators.filter { $0.outputs.contains(tensor.index) }
            let readers = operators.filter { $0.inputs.contains(tensor.index) }
            guard writers.count == 1, let conv = writers.first, conv.kind == .conv2D,
                  conv.outputs.first == tensor.index else {
                throw FormatError("\(tensor.label) is fused; it must be the output of exactly one CONV_2D")
            }
            guard readers.count == 1, let add = readers.first, add.kind == .add,
                  add.index == conv.index + 1, add.inputs.count == 2,
                  add.inputs.filter({ $0 == tensor.index }).count == 1 else {
                throw FormatError("\(tensor.label) is fused into operator \(conv.index) (CONV_2D); it must be read once, by the next operator, an ADD, and by nothing else")
            }
            let skip = tensors[add.inputs[0] == tensor.index ? add.inputs[1] : add.inputs[0]]
            let output = tensors[add.outputs[0]]
            guard skip.location == .arena, skip.shape == tensor.shape, output.shape == tensor.shape else {
                throw FormatError("operator \(add.index) (ADD) adds fused \(tensor.label) \(tensor.shape) to \(skip.label) \(skip.shape) into \(output.shape); the other input of a fused ADD is an arena tensor, and both inputs have the output's shape")
            }
            let input = tensors[conv.inputs[0]]
            if input.location == .arena && output.location == .arena
                && input.offset < output.offset + output.byteCount && output.offset < input.offset + input.byteCount {
                throw FormatError("operator \(add.index) (ADD): output \(output.label) overlaps \(input.label), the input of the CONV_2D fused into it")
            }
        }
    }
}
