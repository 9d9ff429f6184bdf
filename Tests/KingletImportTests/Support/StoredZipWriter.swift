import KingletIO

/// Writes a zip archive of STORED members, as Keras writes `.keras` files, so tests can
/// edit a fixture's config.json and re-pack it.
enum StoredZipWriter {
    static func archive(_ members: [(name: String, data: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func u16(_ v: Int, _ into: inout [UInt8]) { into += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: UInt32, _ into: inout [UInt8]) { for k in 0..<4 { into.append(UInt8(v >> (8 * UInt32(k)) & 0xFF)) } }
        for member in members {
            let name = Array(member.name.utf8)
            let crc = CRC32.checksum(member.data)
            let offset = UInt32(out.count)
            u32(0x0403_4B50, &out); u16(20, &out); u16(0, &out); u16(0, &out); u16(0, &out); u16(0x21, &out)
            u32(crc, &out); u32(UInt32(member.data.count), &out); u32(UInt32(member.data.count), &out)
            u16(name.count, &out); u16(0, &out)
            out += name + member.data
            u32(0x0201_4B50, &central); u16(20, &central); u16(20, &central); u16(0, &central); u16(0, &central)
            u16(0, &central); u16(0x21, &central)
            u32(crc, &central); u32(UInt32(member.data.count), &central); u32(UInt32(member.data.count), &central)
            u16(name.count, &central); u16(0, &central); u16(0, &central); u16(0, &central); u16(0, &central)
            u32(0, &central); u32(offset, &central)
            central += name
        }
        let centralOffset = UInt32(out.count)
        out += central
        u32(0x0605_4B50, &out); u16(0, &out); u16(0, &out); u16(members.count, &out); u16(members.count, &out)
        u32(UInt32(central.count), &out); u32(centralOffset, &out); u16(0, &out)
        return out
    }

    /// A fixture `.keras` file with `edit` applied to its config.json text.
    static func editedKeras(_ file: String, _ edit: (String) -> String) throws -> [UInt8] {
        let zip = try ZipArchive(bytes: try KerasFixtures.bytes(file))
        let members = try zip.entries.map { entry in
            var data = try zip.data(for: entry)
            if entry.name == "config.json" { data = Array(edit(String(decoding: data, as: UTF8.self)).utf8) }
            return (name: entry.name, data: data)
        }
        return archive(members)
    }
}
