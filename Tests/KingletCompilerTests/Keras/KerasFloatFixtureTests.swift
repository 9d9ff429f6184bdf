import Foundation
import KingletCompiler
import KingletIO
import KingletIR
import KingletPasses
import Testing

/// Issue 3's acceptance on the committed fixtures: every Keras model file, in every flavour
/// (Keras 3 `.keras` and `.h5`, tf.keras `.h5`), imported and run by the float reference
/// interpreter, matches Keras's `model.predict` within 1e-4 of the output's largest
/// magnitude, both as imported and after canonicalization.
@Suite struct KerasFloatFixtureTests {
    static let tolerance: Float = 1e-4

    @Test func fixturesArePresent() {
        #expect(KerasFixture.names.count >= 70)
        #expect(KerasFixture.all.count >= 200)
    }

    /// The largest |ours − Keras| over every output, relative to that output's max |Keras|.
    static func relativeError(_ ours: [NpyArray], _ keras: [NpyArray]) throws -> Float {
        #expect(ours.count == keras.count)
        var worst: Float = 0
        for (a, b) in zip(ours, keras) {
            #expect(a.shape == b.shape)
            let x = try a.floatValues(), y = try b.floatValues()
            let scale = max(y.map(abs).max() ?? 0, Float.leastNormalMagnitude)
            let error = zip(x, y).map { abs($0 - $1) }.max() ?? 0
            worst = max(worst, error.isNaN ? .infinity : error / scale)
        }
        return worst
    }

    @Test(arguments: KerasFixture.all)
    func canonicalGraphMatchesKeras(fixture: KerasFixture) throws {
        let graph = try Compiler.importFloatGraph(fixture.modelPath)
        let outputs = try FloatRunner.run(graph, inputs: try fixture.inputs())
        let error = try Self.relativeError(outputs, try fixture.expectedOutputs())
        #expect(error <= Self.tolerance, "\(fixture.file): relative error \(error)")
    }

    @Test(arguments: KerasFixture.all)
    func importedGraphMatchesKeras(fixture: KerasFixture) throws {
        let graph = try Compiler.importGraph(fixture.modelPath)
        let outputs = try FloatRunner.run(graph, inputs: try fixture.inputs())
        let error = try Self.relativeError(outputs, try fixture.expectedOutputs())
        #expect(error <= Self.tolerance, "\(fixture.file): relative error \(error)")
    }

    /// Canonicalization leaves no operator that only exists for import (except an IDENTITY
    /// copying a model input straight to an output, which must stay a distinct tensor).
    @Test(arguments: KerasFixture.all.filter { $0.file.hasSuffix(".keras") })
    func canonicalGraphHasNoImportOnlyOperators(fixture: KerasFixture) throws {
        let graph = try Compiler.importFloatGraph(fixture.modelPath)
        for op in graph.operators {
            switch op.kind {
            case .identity where graph.inputs.contains(op.inputs[0]):
                continue
            case .identity, .batchNormalization, .separableConv2D:
                Issue.record("\(fixture.file): \(op.kind.name) '\(op.name)' survived canonicalization")
            default:
                break
            }
        }
    }
}
