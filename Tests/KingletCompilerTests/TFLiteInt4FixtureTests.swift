import Foundation
import KingletCompiler
import KingletFormat
import KingletIO
import KingletImport
import KingletTestSupport
import Testing

/// TFLite models with INT4 filters (Tests/Fixtures/tflite-int4, made by the real converter
/// with its low-bit QAT path): FULLY_CONNECTED per tensor, CONV_2D and DEPTHWISE_CONV_2D per
/// channel, an odd element count and the full −8 … 7 range. Imported (unpacked to int8
/// values), compiled and run by both engines, they give exactly TFLite Micro's bytes, and the
/// engines agree after every operator.
@Suite struct TFLiteInt4FixtureTests {
    static let directory = RepositoryPaths.root.appendingPathComponent("Tests/Fixtures/tflite-int4")

    static func array(_ file: String) throws -> NpyArray {
        try NpyArray(decoding: [UInt8](Data(contentsOf: directory.appendingPathComponent(file))))
    }

    @Test(arguments: ["dense_int4", "conv_int4", "fc_int4_odd"])
    func bothEnginesGiveTFLiteMicroBytes(name: String) throws {
        let path = Self.directory.appendingPathComponent("\(name).tflite").path
        let kgl = try Compiler.compile(Compiler.importGraph(path), file: path)
        let model = try KglModel(bytes: kgl)
        let samples = try FixtureSamples(model, [try Self.array("\(name).input0.npy")])
        let expected = try Self.array("\(name).output0.npy")
        for engine in EngineKind.allCases {
            let outputs = try samples.run(kgl, engine: engine)
            #expect(outputs.count == 1 && outputs[0] == expected.data, "\(name) on \(engine)")
        }
        #expect(try samples.firstOperatorMismatch(kgl) == nil)
        // The filters hold int4 values.
        let kinds: Set<KglOperatorKind> = [.fullyConnected, .conv2D, .depthwiseConv2D]
        for op in model.operators where kinds.contains(op.kind) {
            let values = Array(model.constantBytes(model.tensors[op.inputs[1]])).map { Int8(bitPattern: $0) }
            #expect(values.allSatisfy { $0 >= -8 && $0 <= 7 })
        }
    }

    /// Truncated INT4 files are refused; bit-flipped ones (INT4 buffers, type bytes, shapes)
    /// never crash, and whatever still compiles runs identically in both engines.
    @Test(arguments: ["conv_int4", "fc_int4_odd"])
    func damagedInt4FilesAreRefusedOrStillVerify(name: String) throws {
        let tflite = try FileIO.read(Self.directory.appendingPathComponent("\(name).tflite").path)
        for length in stride(from: 0, to: tflite.count, by: max(1, tflite.count / 300)) {
            #expect(throws: (any Error).self, "prefix of \(length) bytes") { try TFLiteImporter.importModel(Array(tflite[..<length])) }
        }
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<300 {
            var damaged = tflite
            let at = Int(rng.next() % UInt64(damaged.count))
            damaged[at] ^= UInt8(1 << (rng.next() % 8))
            guard let graph = try? TFLiteImporter.importModel(damaged), let kgl = try? Compiler.compile(graph) else { continue }
            let model = try KglModel(bytes: kgl)
            let inputs = try model.inputs.map { index in
                let t = model.tensors[index]
                return try NpyArray(shape: t.shape, dtype: t.type == .int8 ? .int8 : .float32,
                                    data: [UInt8](repeating: 3, count: t.byteCount))
            }
            #expect(try Verifier.verify(kgl, inputs: inputs).mismatch == nil)
        }
    }
}
