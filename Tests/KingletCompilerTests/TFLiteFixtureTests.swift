import KingletCompiler
import KingletFormat
import KingletIO
import KingletTestSupport
import Testing

/// Every real fixture (int8 and 16x8), compiled and run by both engines, must give exactly
/// TFLite Micro's output bytes, the engines must agree after every operator, and the planned
/// arena must not exceed what TFLite Micro used.
@Suite struct TFLiteFixtureTests {
    @Test func manifestListsFixtures() {
        #expect(Fixture.all.count >= 30, "Tests/Fixtures/tflite/manifest.json lists \(Fixture.all.count) fixtures")
        let sixteen = Fixture.all.filter { $0.name.hasSuffix("_16x8") || $0.name.contains("int16") }
        #expect(sixteen.count >= 15, "the manifest lists \(sixteen.count) 16x8 fixtures")
    }

    @Test(arguments: Fixture.all)
    func bothEnginesGiveTFLiteMicroBytes(fixture: Fixture) throws {
        let kgl = try Compiler.compile(Compiler.importGraph(fixture.modelPath), file: fixture.modelPath)
        let model = try KglModel(bytes: kgl)
        let samples = try FixtureSamples(model, fixture.inputArrays())
        let expected = try fixture.outputArrays()
        for engine in EngineKind.allCases {
            let outputs = try samples.run(kgl, engine: engine)
            try #require(outputs.count == expected.count)
            for (index, (got, want)) in zip(outputs, expected).enumerated() {
                let tensor = model.tensors[model.outputs[index]]
                #expect(want.shape == [samples.count] + FixtureSamples.sampleShape(tensor.shape),
                        "\(engine) output \(index) shape: model \(tensor.shape), TFLM \(want.shape)")
                #expect(FixtureSamples.dtype(tensor.type) == want.dtype,
                        "\(engine) output \(index) type: model \(tensor.type), TFLM \(want.dtype)")
                let size = want.dtype.itemSize
                let differing = (0..<(want.data.count / size)).filter {
                    got[($0 * size)..<(($0 + 1) * size)] != want.data[($0 * size)..<(($0 + 1) * size)]
                }
                #expect(differing.isEmpty && got.count == want.data.count,
                        "\(engine) output \(index): \(differing.count) of \(want.data.count / size) elements differ from TFLite Micro; first at element \(differing.first ?? -1): got \(FixtureSamples.value(got, differing.first ?? 0, size)), TFLM \(FixtureSamples.value(want.data, differing.first ?? 0, size))")
            }
        }
    }

    @Test(arguments: Fixture.all)
    func enginesAgreeAfterEveryOperatorAndArenaFitsTFLiteMicros(fixture: Fixture) throws {
        let kgl = try Compiler.compile(Compiler.importGraph(fixture.modelPath), file: fixture.modelPath)
        let model = try KglModel(bytes: kgl)
        let samples = try FixtureSamples(model, fixture.inputArrays())
        let mismatch = try samples.firstOperatorMismatch(kgl)
        #expect(mismatch == nil, "\(mismatch ?? "")")
        let report = ModelReport(model)
        let tflm = min(fixture.tflmArenaBytes, fixture.tflmArenaUsedBytes)
        #expect(tflm > 0 && report.arenaBytes <= tflm,
                "arena \(report.arenaBytes) bytes > TFLite Micro's \(tflm)")
    }

    /// 16x8 models with an operator Kinglet has no int16 kernel for (or an int32 bias) are
    /// refused at import, naming the operator and int16.
    @Test(arguments: [("mean_16x8", "MEAN"), ("softmax_16x8", "SOFTMAX"), ("conv2d_int32_bias_16x8", "CONV_2D")])
    func unsupported16x8OperatorsAreRefusedByName(file: String, op: String) throws {
        let path = Fixture.path("unsupported_16x8/\(file).tflite")
        do {
            _ = try Compiler.compile(Compiler.importGraph(path), file: path)
            Issue.record("\(file) was accepted")
        } catch {
            let message = "\(error)"
            #expect(message.contains(op) && message.contains("int16") && message.contains(file), "\(message)")
        }
    }

    /// A real 16x8 model with random bit flips in its records and data (CRC fixed so the
    /// deeper checks run): the two engines accept exactly the same damaged models, and run
    /// every accepted one to the same bytes.
    @Test func bothEnginesAcceptExactlyTheSameDamaged16x8Models() throws {
        let fixture = try #require(Fixture.all.first { $0.name == "residual_cnn_16x8" })
        let kgl = try Compiler.compile(Compiler.importGraph(fixture.modelPath), file: fixture.modelPath)
        var rng = SeededGenerator(seed: 1616)
        var accepted = 0
        for trial in 0..<1500 {
            var damaged = kgl
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let at = FormatSpec.header.byteCount + Int(rng.next() % UInt64(damaged.count - FormatSpec.header.byteCount))
                damaged[at] ^= UInt8(1 << (rng.next() % 8))
            }
            HostileInputTests.fixCRC(&damaged)
            let swift = try? SwiftEngine(bytes: damaged)
            let c = try? CEngine(bytes: damaged)
            #expect((swift == nil) == (c == nil), "trial \(trial): swift \(swift == nil ? "refuses" : "accepts"), C \(c == nil ? "refuses" : "accepts")")
            guard var swiftEngine = swift, var cEngine = c else { continue }
            accepted += 1
            let model = try KglModel(bytes: damaged)
            for index in model.inputs.indices {
                let bytes = (0..<model.tensors[model.inputs[index]].byteCount).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                try swiftEngine.setInput(index, bytes: bytes)
                try cEngine.setInput(index, bytes: bytes)
            }
            swiftEngine.invoke()
            cEngine.invoke()
            for index in model.outputs.indices {
                #expect(swiftEngine.output(index) == cEngine.output(index), "trial \(trial): output \(index) differs")
            }
        }
        #expect(accepted > 50, "only \(accepted) damaged models were accepted")
    }

    /// The per-operator comparison through the CLI's Verifier, for the fixtures whose inputs
    /// its .npy conversion takes (it does not take int16 arrays yet).
    @Test(arguments: Fixture.all.filter { !$0.hasInt16Inputs })
    func verifierPasses(fixture: Fixture) throws {
        let kgl = try Compiler.compile(Compiler.importGraph(fixture.modelPath), file: fixture.modelPath)
        let result = try Verifier.verify(kgl, inputs: fixture.inputArrays())
        #expect(result.mismatch == nil, "\(result.mismatch.map(String.init(describing:)) ?? "")")
    }
}

extension Fixture {
    /// Whether any model input is int16 (16x8 fixtures with int16 I/O).
    var hasInt16Inputs: Bool {
        (try? inputArrays().contains { $0.dtype == .int16 }) ?? false
    }
}

/// A fixture's inputs as raw per-sample bytes. The .npy arrays hold exactly the model inputs'
/// element types (int8, int16 or float32), shaped [samples] + the input's shape without its
/// batch of 1, so a sample is a slice of the array's bytes.
struct FixtureSamples {
    let count: Int
    /// samples[s][i]: the bytes of model input i in sample s.
    let samples: [[[UInt8]]]

    init(_ model: KglModel, _ arrays: [NpyArray]) throws {
        try #require(arrays.count == model.inputs.count, "\(arrays.count) input files for \(model.inputs.count) inputs")
        var perInput: [[[UInt8]]] = []
        var count: Int?
        for (index, array) in arrays.enumerated() {
            let tensor = model.tensors[model.inputs[index]]
            try #require(array.dtype == Self.dtype(tensor.type), "input \(index): \(array.dtype) for \(tensor.type)")
            try #require(Array(array.shape.dropFirst()) == Self.sampleShape(tensor.shape),
                         "input \(index): shape \(array.shape) for \(tensor.shape)")
            let batch = array.shape[0]
            try #require(count == nil || count == batch)
            count = batch
            let size = tensor.byteCount
            perInput.append((0..<batch).map { Array(array.data[($0 * size)..<(($0 + 1) * size)]) })
        }
        self.count = count ?? 0
        samples = (0..<self.count).map { s in perInput.map { $0[s] } }
    }

    /// Every sample through one engine; per model output, the samples' bytes concatenated.
    func run(_ kgl: [UInt8], engine kind: EngineKind) throws -> [[UInt8]] {
        var engine = try Runner.makeEngine(kind, kgl)
        let model = try KglModel(bytes: kgl)
        var outputs = [[UInt8]](repeating: [], count: model.outputs.count)
        for sample in samples {
            for (index, bytes) in sample.enumerated() { try engine.setInput(index, bytes: bytes) }
            engine.invoke()
            for index in model.outputs.indices { outputs[index] += engine.output(index) }
        }
        return outputs
    }

    /// Runs both engines operator by operator; describes the first output that differs.
    func firstOperatorMismatch(_ kgl: [UInt8]) throws -> String? {
        let model = try KglModel(bytes: kgl)
        var swift = try Runner.makeEngine(.swift, kgl)
        var c = try Runner.makeEngine(.c, kgl)
        for (s, sample) in samples.enumerated() {
            for (index, bytes) in sample.enumerated() {
                try swift.setInput(index, bytes: bytes)
                try c.setInput(index, bytes: bytes)
            }
            for (index, op) in model.operators.enumerated() {
                swift.invokeOperator(index)
                c.invokeOperator(index)
                // A fused output (format 1.6) has no bytes in C; the next operator's are compared.
                for output in op.outputs.indices where model.tensors[op.outputs[output]].location != .fused
                    && swift.operatorOutput(index, output) != c.operatorOutput(index, output) {
                    return "sample \(s): \(op.label) output \(output) differs between the Swift and C engines"
                }
            }
        }
        return nil
    }

    static func sampleShape(_ shape: [Int]) -> [Int] {
        shape.first == 1 ? Array(shape.dropFirst()) : shape
    }

    static func dtype(_ type: KglElementType) -> NpyDType? {
        switch type {
        case .int8: .int8
        case .int16: .int16
        case .int32: .int32
        case .float32: .float32
        default: nil
        }
    }

    /// Element `i` of little-endian bytes with `size`-byte integers (or float bits), for messages.
    static func value(_ bytes: [UInt8], _ i: Int, _ size: Int) -> String {
        guard (i + 1) * size <= bytes.count else { return "-" }
        var bits: UInt32 = 0
        for k in 0..<size { bits |= UInt32(bytes[i * size + k]) << (8 * UInt32(k)) }
        switch size {
        case 1: return "\(Int8(truncatingIfNeeded: bits))"
        case 2: return "\(Int16(truncatingIfNeeded: bits))"
        default: return "\(Float(bitPattern: bits))"
        }
    }
}
