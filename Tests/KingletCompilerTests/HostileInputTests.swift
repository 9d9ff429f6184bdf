import KingletCompiler
import KingletFormat
import KingletIO
import KingletImport
import KingletInterpreter
import KingletIR
import KingletTestSupport
import Testing

/// Truncated, bit-flipped and absurd files give errors from the importer, the Swift reader
/// and the C loader, never a crash; and the two engines accept exactly the same models.
@Suite struct HostileInputTests {
    /// A small real model to damage.
    static func sample() throws -> (tflite: [UInt8], kgl: [UInt8]) {
        let fixture = try #require(Fixture.all.first { $0.name == "mlp" } ?? Fixture.all.first)
        let tflite = try FileIO.read(fixture.modelPath)
        let kgl = try Compiler.compile(Compiler.importGraph(fixture.modelPath))
        return (tflite, kgl)
    }

    /// The same model with three in four weights of every filter zeroed, so they are stored
    /// sparse (format 1.4).
    static func sparseSample() throws -> [UInt8] {
        var graph = try Compiler.importGraph(try #require(Fixture.all.first { $0.name == "mlp" } ?? Fixture.all.first).modelPath)
        for op in graph.operators where op.inputs.count > 1 && op.inputs[1] >= 0 {
            guard case .fullyConnected = op.kind, var data = graph.tensors[op.inputs[1]].data else { continue }
            for i in data.indices where i % 4 != 0 { data[i] = 0 }
            graph.tensors[op.inputs[1]].data = data
        }
        let kgl = try Compiler.compile(graph)
        #expect(try KglModel(bytes: kgl).tensors.contains { $0.sparse != nil })
        return kgl
    }

    @Test func everyTruncatedTFLiteFileIsRefused() throws {
        let (tflite, _) = try Self.sample()
        let step = max(1, tflite.count / 400)
        for length in stride(from: 0, to: tflite.count, by: step) {
            #expect(throws: (any Error).self, "prefix of \(length) bytes") {
                try TFLiteImporter.importModel(Array(tflite[..<length]))
            }
        }
    }

    @Test func bitFlippedTFLiteFilesNeverCrashAndWhatCompilesVerifies() throws {
        let (tflite, _) = try Self.sample()
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<300 {
            var damaged = tflite
            let at = Int(rng.next() % UInt64(damaged.count))
            damaged[at] ^= UInt8(1 << (rng.next() % 8))
            guard let graph = try? TFLiteImporter.importModel(damaged),
                  let kgl = try? Compiler.compile(graph) else { continue }
            // Whatever compiled must load in both engines and run identically.
            let model = try KglModel(bytes: kgl)
            let inputs = try model.inputs.map { index in
                let t = model.tensors[index]
                return try NpyArray(shape: t.shape, dtype: t.type == .int8 ? .int8 : .float32,
                                    data: [UInt8](repeating: 3, count: t.byteCount))
            }
            let result = try Verifier.verify(kgl, inputs: inputs)
            #expect(result.mismatch == nil)
        }
    }

    @Test func everyTruncatedKglFileIsRefusedByBothEngines() throws {
        let (_, kgl) = try Self.sample()
        for length in 0..<kgl.count {
            let prefix = Array(kgl[..<length])
            #expect(throws: (any Error).self) { try Interpreter(bytes: prefix) }
            #expect(throws: (any Error).self) { try CEngine(bytes: prefix) }
        }
    }

    @Test(arguments: [false, true])
    func bothEnginesAcceptExactlyTheSameDamagedModels(sparse: Bool) throws {
        let kgl = sparse ? try Self.sparseSample() : try Self.sample().kgl
        var rng = SeededGenerator(seed: sparse ? 12 : 11)
        var refused = 0
        for trial in 0..<2000 {
            var damaged = kgl
            // Damage records and data, then fix the CRC so the deeper checks are reached.
            let flips = 1 + Int(rng.next() % 3)
            for _ in 0..<flips {
                let at = FormatSpec.header.byteCount + Int(rng.next() % UInt64(damaged.count - FormatSpec.header.byteCount))
                damaged[at] ^= UInt8(1 << (rng.next() % 8))
            }
            if trial % 4 == 0 {
                let field = 4 * Int(rng.next() % 20)
                damaged[field] ^= UInt8(1 << (rng.next() % 8))
            }
            Self.fixCRC(&damaged)
            let swiftAccepts = (try? Interpreter(bytes: damaged)) != nil
            let cAccepts = (try? CEngine(bytes: damaged)) != nil
            #expect(swiftAccepts == cAccepts, "trial \(trial): swift \(swiftAccepts ? "accepts" : "refuses"), C \(cAccepts ? "accepts" : "refuses")")
            if !swiftAccepts { refused += 1 }
            // A damaged sparse model that both accept must still run identically in both.
            if sparse && swiftAccepts && cAccepts, let model = try? KglModel(bytes: damaged) {
                let inputs = try model.inputs.map { index in
                    let t = model.tensors[index]
                    return try NpyArray(shape: t.shape, dtype: t.type == .int8 ? .int8 : .float32,
                                        data: [UInt8](repeating: 5, count: t.byteCount))
                }
                #expect(try Verifier.verify(damaged, inputs: inputs).mismatch == nil, "trial \(trial)")
            }
        }
        #expect(refused > 0)
    }

    @Test func absurdShapesAreRefused() throws {
        let (_, kgl) = try Self.sample()
        let model = try KglModel(bytes: kgl)
        let dims = model.header.tensorsOffset + FormatSpec.tensor.offset(of: "dims")
        for value: UInt32 in [0xFFFF_FFFF, 0x8000_0000, 1 << 20] {
            var damaged = kgl
            for k in 0..<4 { damaged[dims + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(k))) }
            Self.fixCRC(&damaged)
            #expect(throws: (any Error).self) { try Interpreter(bytes: damaged) }
            #expect(throws: (any Error).self) { try CEngine(bytes: damaged) }
        }
    }

    @Test func aNewerMajorVersionIsRefusedWithAClearMessage() throws {
        let (_, kgl) = try Self.sample()
        var newer = kgl
        newer[FormatSpec.header.offset(of: "version_major")] = 2
        let error = try #require(throws: FormatError.self) { try KglModel(bytes: newer) }
        #expect(error.message.contains("version 2"))
        #expect(throws: (any Error).self) { try CEngine(bytes: newer) }
    }

    @Test func aHugeArenaInTheHeaderIsRefusedBeforeAnythingIsAllocated() throws {
        let (_, kgl) = try Self.sample()
        var bomb = kgl
        let at = FormatSpec.header.offset(of: "arena_bytes")
        for (k, byte) in [UInt8]([0xF0, 0xFF, 0xFF, 0xFF]).enumerated() { bomb[at + k] = byte }
        let error = try #require(throws: FormatError.self) { try Interpreter(bytes: bomb) }
        #expect(error.message.contains("arena"))
        #expect(throws: (any Error).self) { try CEngine(bytes: bomb) }
    }

    @Test func anOutputOverlappingAnInputInTheArenaIsRefused() throws {
        let (_, kgl) = try Self.sample()
        let model = try KglModel(bytes: kgl)
        let op = try #require(model.operators.first { op in op.inputs.contains { model.tensors[$0].location == .arena } })
        let input = try #require(op.inputs.first { model.tensors[$0].location == .arena })
        // Move the output onto the input's bytes (keeping its alignment); fix the CRC.
        var damaged = kgl
        let record = model.header.tensorsOffset + op.outputs[0] * FormatSpec.tensor.byteCount
        let offset = UInt32(model.tensors[input].offset)
        for k in 0..<4 {
            damaged[record + FormatSpec.tensor.offset(of: "offset") + k] = UInt8(truncatingIfNeeded: offset >> (8 * UInt32(k)))
        }
        Self.fixCRC(&damaged)
        let error = try #require(throws: FormatError.self) { try Interpreter(bytes: damaged) }
        #expect(error.message.contains("overlaps"))
        #expect(throws: (any Error).self) { try CEngine(bytes: damaged) }
    }

    /// A fixture compiled, with the output of its first in-place operator of `kind` moved to
    /// `move(input offset, output offset)` (CRC fixed).
    static func inPlaceMoved(_ name: String, _ kind: KglOperatorKind,
                             _ move: (Int, Int) -> Int) throws -> (kgl: [UInt8], op: KglOperator, model: KglModel) {
        let fixture = try #require(Fixture.all.first { $0.name == name })
        let kgl = try Compiler.compile(Compiler.importGraph(fixture.modelPath))
        let model = try KglModel(bytes: kgl)
        let op = try #require(model.operators.first { $0.kind == kind && ModelReport.isInPlace($0, model) },
                              "\(name) has no \(kind) in place")
        let offset = UInt32(move(model.tensors[op.inputs[0]].offset, model.tensors[op.outputs[0]].offset))
        var moved = kgl
        let record = model.header.tensorsOffset + op.outputs[0] * FormatSpec.tensor.byteCount
        for k in 0..<4 {
            moved[record + FormatSpec.tensor.offset(of: "offset") + k] = UInt8(truncatingIfNeeded: offset >> (8 * UInt32(k)))
        }
        fixCRC(&moved)
        return (moved, op, model)
    }

    /// Format 1.5 lets a window's output overlap its input only by the rows rule: one byte
    /// closer than the planner put it (the planner's gaps are at least the rule's) may still be
    /// fine, but a gap of one byte less than the least is refused by both engines, and so is
    /// an ADD's output one byte off its input.
    @Test func anInPlaceOutputCloserThanTheRowsRuleIsRefused() throws {
        let (kgl, op, model) = try Self.inPlaceMoved("ds_cnn", .depthwiseConv2D) { $1 }
        _ = try Interpreter(bytes: kgl) // as compiled: accepted by both
        _ = try CEngine(bytes: kgl)
        let input = model.tensors[op.inputs[0]], output = model.tensors[op.outputs[0]]
        let filter = model.tensors[op.inputs[1]].shape[1]
        let rows = try #require(WindowRows(input: input.shape, output: output.shape, elementBytes: 1, filter: filter,
                                           stride: Int(op.option(DepthwiseConv2DOptions.strideH)),
                                           dilation: Int(op.option(DepthwiseConv2DOptions.dilationH)),
                                           padTop: Int(op.option(DepthwiseConv2DOptions.padTop))))
        let before = output.offset < input.offset
        let least = before ? rows.leastGapBefore : rows.leastGapAfter
        for gap in [least, least - 1] {
            let (moved, _, _) = try Self.inPlaceMoved("ds_cnn", .depthwiseConv2D) { i, _ in before ? i - gap : i + gap }
            if gap == least {
                _ = try Interpreter(bytes: moved)
                _ = try CEngine(bytes: moved)
            } else {
                let error = try #require(throws: FormatError.self) { try Interpreter(bytes: moved) }
                #expect(error.message.contains("in place by rows"), "\(error.message)")
                #expect(throws: (any Error).self) { try CEngine(bytes: moved) }
            }
        }
        let (add, _, _) = try Self.inPlaceMoved("resnet_block", .add) { $1 + 1 }
        let error = try #require(throws: FormatError.self) { try Interpreter(bytes: add) }
        #expect(error.message.contains("overlaps"), "\(error.message)")
        #expect(throws: (any Error).self) { try CEngine(bytes: add) }
    }

    /// Both engines accept and refuse the same in-place placements: every window and ADD of
    /// three fixtures that the plan puts in place, its output moved to offsets around its
    /// input (both sides of the rows rule's least gaps, exactly on the input, a byte off).
    @Test func bothEnginesAgreeOnEveryInPlacePlacement() throws {
        var checked = 0, accepted = 0
        for name in ["ds_cnn", "mobilenet_v1", "resnet_block"] {
            let fixture = try #require(Fixture.all.first { $0.name == name })
            let kgl = try Compiler.compile(Compiler.importGraph(fixture.modelPath))
            let model = try KglModel(bytes: kgl)
            for op in model.operators where ModelReport.isInPlace(op, model) {
                let input = model.tensors[op.inputs[0]], output = model.tensors[op.outputs[0]]
                var offsets: Set<Int> = [input.offset, input.offset + 1, input.offset - 1]
                if op.kind == .conv2D || op.kind == .depthwiseConv2D {
                    let rows = try #require(WindowRows(
                        input: input.shape, output: output.shape, elementBytes: 1,
                        filter: model.tensors[op.inputs[1]].shape[1],
                        stride: Int(op.option(Conv2DOptions.strideH)),
                        dilation: Int(op.option(Conv2DOptions.dilationH)),
                        padTop: Int(op.option(Conv2DOptions.padTop))))
                    for delta in -2...2 {
                        offsets.insert(input.offset - rows.leastGapBefore + delta)
                        offsets.insert(input.offset + rows.leastGapAfter + delta)
                    }
                }
                for offset in offsets where offset >= 0 {
                    var moved = kgl
                    let record = model.header.tensorsOffset + op.outputs[0] * FormatSpec.tensor.byteCount
                    for k in 0..<4 {
                        moved[record + FormatSpec.tensor.offset(of: "offset") + k] =
                            UInt8(truncatingIfNeeded: UInt32(offset) >> (8 * UInt32(k)))
                    }
                    Self.fixCRC(&moved)
                    let swift = (try? Interpreter(bytes: moved)) != nil
                    let c = (try? CEngine(bytes: moved)) != nil
                    #expect(swift == c, "\(name) operator \(op.index) output at \(offset): Swift \(swift), C \(c)")
                    checked += 1
                    accepted += swift ? 1 : 0
                }
            }
        }
        // Both outcomes occur, so the agreement says something.
        #expect(checked > 20 && accepted > 0 && accepted < checked, "\(accepted) of \(checked) accepted")
    }

    /// `kgl` with tensor `index`'s location byte and arena offset set (CRC fixed).
    static func relocated(_ kgl: [UInt8], _ model: KglModel, tensor index: Int, location: UInt8? = nil,
                          offset: Int) -> [UInt8] {
        var bytes = kgl
        let record = model.header.tensorsOffset + index * FormatSpec.tensor.byteCount
        if let location { bytes[record + FormatSpec.tensor.offset(of: "location")] = location }
        for k in 0..<4 {
            bytes[record + FormatSpec.tensor.offset(of: "offset") + k] = UInt8(truncatingIfNeeded: UInt32(offset) >> (8 * UInt32(k)))
        }
        fixCRC(&bytes)
        return bytes
    }

    /// Format 1.6: a fused tensor is only a CONV_2D's output read once, by the next operator,
    /// an ADD whose output stays off the convolution's input. Every activation of resnet_block
    /// made fused in turn is accepted or refused alike by both engines (both outcomes occur);
    /// the fused tensor off offset 0, and the ADD's output moved onto the convolution's
    /// input, are refused by both.
    @Test func bothEnginesAgreeOnFusedTensors() throws {
        let fixture = try #require(Fixture.all.first { $0.name == "resnet_block" })
        let kgl = try Compiler.compile(Compiler.importGraph(fixture.modelPath))
        let model = try KglModel(bytes: kgl)
        let fused = try #require(model.tensors.first { $0.location == .fused }, "resnet_block has no fused tensor")
        _ = try CEngine(bytes: kgl)
        var accepted = 0, checked = 0
        for tensor in model.tensors where tensor.location == .arena {
            let damaged = Self.relocated(kgl, model, tensor: tensor.index, location: FormatSpec.locationFused, offset: 0)
            var variants = [damaged]
            // Where an ADD reads it, also with the ADD's output on exactly its other input.
            if let add = model.operators.first(where: { $0.kind == .add && $0.inputs.contains(tensor.index) }) {
                let skip = add.inputs[0] == tensor.index ? add.inputs[1] : add.inputs[0]
                variants.append(Self.relocated(damaged, model, tensor: add.outputs[0], offset: model.tensors[skip].offset))
            }
            for variant in variants {
                let swift = (try? Interpreter(bytes: variant)) != nil
                let c = (try? CEngine(bytes: variant)) != nil
                #expect(swift == c, "\(tensor.label) fused: Swift \(swift), C \(c)")
                checked += 1
                accepted += swift ? 1 : 0
            }
        }
        #expect(accepted > 0 && accepted < checked, "\(accepted) of \(checked) accepted")

        let off = Self.relocated(kgl, model, tensor: fused.index, offset: 16)
        #expect(throws: FormatError.self) { try Interpreter(bytes: off) }
        #expect(throws: (any Error).self) { try CEngine(bytes: off) }

        let conv = try #require(model.operators.first { $0.outputs.contains(fused.index) })
        let add = model.operators[conv.index + 1]
        let onInput = Self.relocated(kgl, model, tensor: add.outputs[0], offset: model.tensors[conv.inputs[0]].offset)
        let error = try #require(throws: FormatError.self) { try Interpreter(bytes: onInput) }
        #expect(error.message.contains("fused"), "\(error.message)")
        #expect(throws: (any Error).self) { try CEngine(bytes: onInput) }
    }

    /// Format 1.6: a folded bias must be exactly bias + input offset × weight sum; one value
    /// off by one, in any int8 weighted operator of ds_cnn and mobilenet_v1 (dense and
    /// depthwise convolutions, fully connected), is refused by both engines.
    @Test func aFoldedBiasThatDisagreesIsRefusedByBothEngines() throws {
        var checked = 0
        for name in ["ds_cnn", "mobilenet_v1"] {
            let fixture = try #require(Fixture.all.first { $0.name == name })
            let kgl = try Compiler.compile(Compiler.importGraph(fixture.modelPath))
            let model = try KglModel(bytes: kgl)
            for op in model.operators {
                guard let slot = FoldedBias.slot(of: op.kind) else { continue }
                let offset = Int(op.options[slot])
                #expect(offset != 0, "\(name) \(op.label) has no folded bias")
                guard offset != 0 else { continue }
                var damaged = kgl
                damaged[model.dataOffset + offset] &+= 1
                Self.fixCRC(&damaged)
                let error = try #require(throws: FormatError.self) { try Interpreter(bytes: damaged) }
                #expect(error.message.contains("folded bias"), "\(error.message)")
                #expect(throws: (any Error).self) { try CEngine(bytes: damaged) }
                checked += 1
            }
        }
        #expect(checked > 10)
    }

    static func fixCRC(_ bytes: inout [UInt8]) {
        guard bytes.count >= FormatSpec.header.byteCount else { return }
        let total = Int(UInt32(bytes[12]) | UInt32(bytes[13]) << 8 | UInt32(bytes[14]) << 16 | UInt32(bytes[15]) << 24)
        guard total >= FormatSpec.header.byteCount, total <= bytes.count else { return }
        let crc = CRC32.checksum(bytes[FormatSpec.header.byteCount..<total])
        for k in 0..<4 { bytes[16 + k] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(k))) }
    }
}
