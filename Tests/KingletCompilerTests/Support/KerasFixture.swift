import Foundation
import KingletIO
import KingletTestSupport

/// One model file of Tests/Fixtures/keras (see its README), with the inputs and the outputs
/// Keras's `model.predict` gave for them.
struct KerasFixture: Sendable, CustomStringConvertible {
    let name: String
    /// NAME.keras, NAME.h5 or NAME.tfkeras.h5.
    let file: String

    var description: String { file }

    static let directory = RepositoryPaths.fixtures("keras")

    static func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

    static let names: [String] = {
        guard let data = FileManager.default.contents(atPath: path("manifest.json")),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = root["fixtures"] as? [[String: Any]] else { return [] }
        return list.compactMap { $0["name"] as? String }
    }()

    /// Every model file present, in all flavours.
    static let all: [KerasFixture] = names.flatMap { name in
        ["\(name).keras", "\(name).h5", "\(name).tfkeras.h5"]
            .filter { FileManager.default.fileExists(atPath: path($0)) }
            .map { KerasFixture(name: name, file: $0) }
    }

    var modelPath: String { Self.path(file) }
    var isTFKeras: Bool { file.hasSuffix(".tfkeras.h5") }

    /// NAME.<stem>.npy, or NAME.<stem>0.npy, NAME.<stem>1.npy, … (in order).
    private func arrays(_ stem: String) throws -> [NpyArray] {
        let single = Self.path("\(name).\(stem).npy")
        if FileManager.default.fileExists(atPath: single) { return [try Self.read(single)] }
        var result: [NpyArray] = []
        while FileManager.default.fileExists(atPath: Self.path("\(name).\(stem)\(result.count).npy")) {
            result.append(try Self.read(Self.path("\(name).\(stem)\(result.count).npy")))
        }
        return result
    }

    static func read(_ path: String) throws -> NpyArray {
        try NpyArray(decoding: [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
    }

    func inputs() throws -> [NpyArray] { try arrays("input") }

    /// Keras's outputs for this file: tf_keras's own where they differ (hard_sigmoid, the
    /// separately trained compiled model).
    func expectedOutputs() throws -> [NpyArray] {
        if isTFKeras {
            let own = try arrays("tfkeras.output")
            if !own.isEmpty { return own }
        }
        return try arrays("output")
    }
}
