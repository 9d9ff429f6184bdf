import KingletIO

/// A saved Keras model opened as its config and its weights, from either container:
/// a Keras 3 `.keras` zip (`config.json` + `model.weights.h5`) or a legacy `.h5` file
/// (`model_config` attribute + `model_weights` group).
struct KerasFile {
    let config: JSONValue
    let weights: any KerasWeightStore
    /// Keras 2 (tf.keras) wrote the file: some activations differ from Keras 3.
    let isKeras2: Bool

    static let hdf5Signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    static func isZip(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    /// HDF5 puts its signature at offset 0, 512, 1024, … (user block).
    static func isHDF5(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset + 8 <= bytes.count && offset <= 1 << 20 {
            if Array(bytes[offset..<(offset + 8)]) == hdf5Signature { return true }
            offset = offset == 0 ? 512 : offset * 2
        }
        return false
    }

    init(bytes: [UInt8]) throws {
        if Self.isZip(bytes) {
            try self.init(archive: bytes)
        } else if Self.isHDF5(bytes) {
            try self.init(legacy: bytes)
        } else {
            throw ImportError.notRecognized(format: "Keras", reason: "neither a .keras zip archive nor an HDF5 file")
        }
    }

    private init(archive bytes: [UInt8]) throws {
        let zip = try Self.reading(["zip archive"]) { () throws(IOError) in try ZipArchive(bytes: bytes) }
        guard let configEntry = zip.entry(named: "config.json") else {
            throw ImportError.invalid(format: "Keras", location: ["zip archive"],
                                      reason: "has no config.json (entries: \(zip.entries.map(\.name).joined(separator: ", ")))")
        }
        let configBytes = try Self.reading(["config.json"]) { () throws(IOError) in try zip.data(for: configEntry) }
        config = try Self.reading(["config.json"]) { () throws(IOError) in try JSONValue(parsing: configBytes) }
        guard let weightsEntry = zip.entry(named: "model.weights.h5") else {
            throw ImportError.invalid(format: "Keras", location: ["zip archive"], reason: "has no model.weights.h5")
        }
        let weightBytes = try Self.reading(["model.weights.h5"]) { () throws(IOError) in try zip.data(for: weightsEntry) }
        let file = try Self.reading(["model.weights.h5"]) { () throws(IOError) in try HDF5File(bytes: weightBytes) }
        weights = try Self.reading(["model.weights.h5"]) { try KerasArchiveWeights(file: file) }
        isKeras2 = false
    }

    private init(legacy bytes: [UInt8]) throws {
        let file = try Self.reading(["HDF5 superblock and root group"]) { () throws(IOError) in try HDF5File(bytes: bytes) }
        let attribute = try Self.reading(["HDF5", "attribute model_config"]) { try file.root.attribute("model_config") }
        guard case .string(let text)? = attribute?.value else {
            throw ImportError.invalid(format: "Keras", location: ["HDF5"],
                                      reason: "has no model_config attribute: a weights-only file (save_weights) has no architecture; save the whole model")
        }
        config = try Self.reading(["model_config"]) { () throws(IOError) in try JSONValue(parsing: Array(text.utf8)) }
        let children = try Self.reading(["HDF5"]) { try file.root.children() }
        guard case .group(let group)? = children["model_weights"] else {
            throw ImportError.invalid(format: "Keras", location: ["HDF5"], reason: "has no model_weights group")
        }
        weights = KerasLegacyWeights(group: group)
        var version = ""
        if case .string(let v)? = try? file.root.attribute("keras_version")?.value { version = v }
        isKeras2 = version.hasPrefix("2.")
    }

    /// Runs a container read, turning an I/O failure into an import error at `location`.
    static func reading<T>(_ location: [String], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ImportError {
            throw error
        } catch let error as IOError {
            throw ImportError.unreadable(format: "Keras", location: location, underlying: error)
        }
    }
}
