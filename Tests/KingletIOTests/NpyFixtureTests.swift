import Foundation
@testable import KingletIO
import KingletTestSupport
import Testing

/// The `.npy` inputs and outputs in Tests/Fixtures/tflite were written by np.save, so
/// each must decode, and encoding it again must give numpy's bytes back exactly.
@Suite("NpyArray fixtures")
struct NpyFixtureTests {
    static let directory = RepositoryPaths.fixtures("tflite")

    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".npy") }.sorted()
    }()

    @Test(arguments: names)
    func decodesAndReencodesByteForByte(name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent(name)))
        let array = try NpyArray(decoding: bytes)
        #expect(array.elementCount == array.shape.reduce(1, *))
        #expect([NpyDType.int8, .int16, .float32].contains(array.dtype))
        #expect(try array.floatValues().count == array.elementCount)
        #expect(array.encoded() == bytes)
    }
}
