import Foundation
import KingletCompiler
import KingletFloatInterpreter
import KingletIO
import KingletImport
import KingletInterpreter
import KingletPasses
import KingletTestSupport
import Testing

/// Damaged Keras files (truncated, bit-flipped, overwritten) give errors, never a crash, a
/// hang or an out-of-bounds read. A damaged file may still import when the damage hit
/// weight values of an `.h5` (HDF5 keeps no checksums there); then it must still run.
@Suite struct KerasHostileInputTests {
    static let files = ["nested_sequential.keras", "nested_sequential.h5", "nested_sequential.tfkeras.h5",
                        "separable_conv2d.keras", "ds_cnn_kws.h5"]

    /// Imports, canonicalizes and runs one sample; true when every step succeeded.
    static func survives(_ bytes: [UInt8]) -> Bool {
        guard var graph = try? KerasImporter.importModel(bytes) else { return false }
        guard (try? Pipeline(Canonicalization.passes).run(&graph)) != nil,
              let interpreter = try? FloatInterpreter(graph: graph) else { return false }
        let inputs = graph.inputs.map { [Float](repeating: 0.5, count: graph.tensors[$0].elementCount) }
        return (try? interpreter.run(inputs)) != nil
    }

    @Test(arguments: files)
    func truncationsAreRefused(file: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: KerasFixture.path(file))))
        var lengths = [0, 1, 8, 100, 511, 512, bytes.count / 3, bytes.count / 2, bytes.count - 1]
        lengths += stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40))
        for length in Set(lengths) where length < bytes.count {
            #expect(throws: ImportError.self, "\(file) cut at \(length)") {
                _ = try KerasImporter.importModel(Array(bytes.prefix(length)))
            }
        }
    }

    @Test(arguments: files)
    func bitFlipsNeverCrash(file: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: KerasFixture.path(file))))
        // In a .keras archive every member's bytes are under a CRC-32: a flip there must be refused.
        var protected: [Range<Int>] = []
        if file.hasSuffix(".keras") {
            for entry in try ZipArchive(bytes: bytes).entries {
                let nameLength = Int(bytes[entry.localHeaderOffset + 26]) | Int(bytes[entry.localHeaderOffset + 27]) << 8
                let extraLength = Int(bytes[entry.localHeaderOffset + 28]) | Int(bytes[entry.localHeaderOffset + 29]) << 8
                let start = entry.localHeaderOffset + 30 + nameLength + extraLength
                protected.append(start..<(start + entry.compressedSize))
            }
            #expect(protected.count == 3)
        }
        var random = SeededGenerator(seed: UInt64(file.utf8.count) &* 7919)
        for _ in 0..<150 {
            var damaged = bytes
            let offset = Int(random.next() % UInt64(bytes.count))
            damaged[offset] ^= UInt8(1) << UInt8(random.next() % 8)
            let survived = Self.survives(damaged)
            if protected.contains(where: { $0.contains(offset) }) {
                #expect(!survived, "\(file): a flip at \(offset) inside a CRC-checked member was accepted")
            }
        }
    }
}
