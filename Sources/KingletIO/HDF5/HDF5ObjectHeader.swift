/// The messages of one object header (version 1 or 2), gathered across continuation
/// blocks. Version 2 chunks have their checksums verified.
struct HDF5ObjectHeader: Sendable {
    let messages: [HDF5Message]

    init(context: HDF5Context, offset: Int, path: String) throws(IOError) {
        let reader = context.reader
        var messages: [HDF5Message] = []
        // Chunks still to parse: absolute offset and length of the message area.
        var pending: [(start: Int, length: Int)] = []
        var visited: Set<Int> = [offset]
        let version: Int
        var creationOrderTracked = false

        if try reader.getUInt8(at: offset) == 1 {
            version = 1
            let size = Int(try reader.getUInt32(at: offset + 8, endianness: .little))
            pending.append((offset + 16, size))
        } else {
            try context.expectSignature("OHDR", at: offset, path: path)
            version = Int(try reader.getUInt8(at: offset + 4))
            guard version == 2 else {
                throw .unsupportedHDF5(path: path, reason: "object header version \(version) at offset \(offset)")
            }
            let flags = try reader.getUInt8(at: offset + 5)
            creationOrderTracked = flags & 0x04 != 0
            var cursor = offset + 6
            if flags & 0x20 != 0 { cursor += 16 }  // access, modification, change, birth times
            if flags & 0x10 != 0 { cursor += 4 }   // attribute phase-change values
            let sizeBytes = 1 << Int(flags & 0x03)
            let chunkSize = Int(clamping: try context.getSized(at: cursor, size: sizeBytes))
            cursor += sizeBytes
            try reader.checkBounds(at: cursor, count: chunkSize)
            try context.verifyChecksum(start: offset, length: cursor + chunkSize - offset,
                                       path: path, what: "object header")
            pending.append((cursor, chunkSize))
        }

        var chunks = 0
        while !pending.isEmpty {
            let chunk = pending.removeFirst()
            chunks += 1
            guard chunks <= HDF5Limits.maxHeaderChunks else {
                throw .invalidHDF5(path: path, reason: "object header has more than \(HDF5Limits.maxHeaderChunks) chunks")
            }
            try reader.checkBounds(at: chunk.start, count: chunk.length)
            let end = chunk.start + chunk.length
            var cursor = chunk.start
            let prefix = version == 1 ? 8 : (creationOrderTracked ? 6 : 4)
            while end - cursor >= prefix {
                let type: UInt16
                let size: Int
                let flags: UInt8
                if version == 1 {
                    type = try reader.getUInt16(at: cursor, endianness: .little)
                    size = Int(try reader.getUInt16(at: cursor + 2, endianness: .little))
                    flags = try reader.getUInt8(at: cursor + 4)
                } else {
                    type = UInt16(try reader.getUInt8(at: cursor))
                    size = Int(try reader.getUInt16(at: cursor + 1, endianness: .little))
                    flags = try reader.getUInt8(at: cursor + 3)
                }
                let body = cursor + prefix
                guard size <= end - body else {
                    throw .invalidHDF5(path: path, reason: "header message at offset \(cursor) "
                        + "(\(size) bytes) overruns its chunk ending at \(end)")
                }
                let message = HDF5Message(type: HDF5MessageType(rawValue: type), flags: flags,
                                          offset: body, size: size)
                if message.type == .continuation {
                    let address = try context.getAddress(at: body)
                    let length = try context.getLength(at: body + context.offsetSize, path: path)
                    let start = try context.resolve(address, needed: length, path: path,
                                                    what: "object header continuation")
                    guard visited.insert(start).inserted else {
                        throw .invalidHDF5(path: path, reason: "object header continuation at offset "
                            + "\(start) was already read (cycle)")
                    }
                    if version == 1 {
                        pending.append((start, length))
                    } else {
                        guard length >= 8 else {
                            throw .invalidHDF5(path: path, reason: "continuation block of \(length) bytes")
                        }
                        try context.expectSignature("OCHK", at: start, path: path)
                        try context.verifyChecksum(start: start, length: length - 4, path: path,
                                                   what: "continuation block")
                        pending.append((start + 4, length - 8))
                    }
                } else if message.type != .nil_ {
                    messages.append(message)
                }
                cursor = body + size
            }
        }
        self.messages = messages
    }

    func first(_ type: HDF5MessageType) -> HDF5Message? {
        messages.first { $0.type == type }
    }

    func all(_ type: HDF5MessageType) -> [HDF5Message] {
        messages.filter { $0.type == type }
    }
}
