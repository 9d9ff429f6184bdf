import Foundation
import KingletFormat
import KingletIR

/// What `kinglet inspect` shows of a `.kgl` model: sizes, arena, and per operator its
/// shapes, multiply-accumulates and constant bytes.
public struct ModelReport: Sendable {
    public struct TensorInfo: Sendable {
        public let name: String
        public let type: String
        public let shape: [Int]
        public let scale: Float
        public let zeroPoint: Int
        /// A model input's normalization (shifts, multipliers), applied before quantizing.
        public let normalization: InputNormalization?
    }

    public struct OperatorInfo: Sendable {
        public let index: Int
        public let kind: String
        public let name: String
        public let inputShapes: [[Int]]
        public let outputShapes: [[Int]]
        public let macs: Int
        public let weightBytes: Int
        /// Fraction of zeros in the weights (input 1) when they are stored sparse (format 1.4).
        public let sparsity: Double?
        /// Whether the output shares arena bytes with an input (format 1.5: a window in
        /// bands of rows, or ADD element by element).
        public let inPlace: Bool
        /// Whether the output is fused (format 1.6): a CONV_2D whose ADD, the next operator,
        /// it computes in its own pass.
        public let fused: Bool
    }

    public let fileBytes: Int
    public let weightBytes: Int
    public let arenaBytes: Int
    public let macs: Int
    public let version: String
    public let inputs: [TensorInfo]
    public let outputs: [TensorInfo]
    public let ops: [OperatorInfo]

    /// The report of `.kgl` bytes; an error naming `file` when they do not load.
    public init(kgl: [UInt8], file: String) throws {
        do {
            self.init(try KglModel(bytes: kgl))
        } catch {
            throw CompilerError(file: file, "\(error)")
        }
    }

    public init(_ model: KglModel) {
        func info(_ index: Int) -> TensorInfo {
            let t = model.tensors[index]
            return TensorInfo(name: t.name ?? "tensor\(index)", type: t.type.description, shape: t.shape,
                              scale: t.scale, zeroPoint: Int(t.zeroPoint), normalization: t.normalization)
        }
        var counted = Set<Int>()
        ops = model.operators.map { op in
            let constants = op.inputs.filter { model.tensors[$0].location == .constant }
            let weightBytes = constants.filter { counted.insert($0).inserted }.reduce(0) { $0 + model.tensors[$1].storedByteCount }
            return OperatorInfo(index: op.index, kind: op.kind.description, name: op.name ?? "",
                                inputShapes: op.inputs.map { model.tensors[$0].shape },
                                outputShapes: op.outputs.map { model.tensors[$0].shape },
                                macs: Self.macs(op, model), weightBytes: weightBytes,
                                sparsity: op.inputs.count > 1 ? model.tensors[op.inputs[1]].sparse.map {
                                    1 - Double($0.nonzeroCount) / Double(max(model.tensors[op.inputs[1]].elementCount, 1))
                                } : nil,
                                inPlace: Self.isInPlace(op, model),
                                fused: op.outputs.contains { model.tensors[$0].location == .fused })
        }
        fileBytes = model.header.totalBytes
        weightBytes = model.tensors.filter { $0.location == .constant }.reduce(0) { $0 + $1.storedByteCount }
        arenaBytes = model.header.arenaBytes
        macs = ops.reduce(0) { $0 + $1.macs }
        version = "\(model.header.versionMajor).\(model.header.versionMinor)"
        inputs = model.inputs.map(info)
        outputs = model.outputs.map(info)
    }

    /// Whether an output of `op` shares arena bytes with one of its inputs.
    public static func isInPlace(_ op: KglOperator, _ model: KglModel) -> Bool {
        op.outputs.contains { o in
            let out = model.tensors[o]
            return out.location == .arena && op.inputs.contains { i in
                let x = model.tensors[i]
                return x.location == .arena && x.offset < out.offset + out.byteCount && out.offset < x.offset + x.byteCount
            }
        }
    }

    /// Multiply-accumulates of the operators that have them (convolutions, fully connected).
    public static func macs(_ op: KglOperator, _ model: KglModel) -> Int {
        let output = model.tensors[op.outputs[0]].elementCount
        switch op.kind {
        case .conv2D:
            let filter = model.tensors[op.inputs[1]].shape
            return filter.count == 4 ? output * filter[1] * filter[2] * filter[3] : 0
        case .depthwiseConv2D:
            let filter = model.tensors[op.inputs[1]].shape
            return filter.count == 4 ? output * filter[1] * filter[2] : 0
        case .fullyConnected:
            let filter = model.tensors[op.inputs[1]].shape
            return filter.count == 2 ? output * filter[1] : 0
        default:
            return 0
        }
    }

    public func json() -> String {
        func tensor(_ t: TensorInfo) -> [String: Any] {
            var object: [String: Any] = ["name": t.name, "type": t.type, "shape": t.shape, "scale": Double(t.scale), "zero_point": t.zeroPoint]
            if let n = t.normalization {
                object["normalization"] = ["shifts": n.shifts.map(Double.init), "multipliers": n.multipliers.map(Double.init)]
            }
            return object
        }
        let object: [String: Any] = [
            "format_version": version,
            "file_bytes": fileBytes,
            "weight_bytes": weightBytes,
            "arena_bytes": arenaBytes,
            "macs": macs,
            "inputs": inputs.map(tensor),
            "outputs": outputs.map(tensor),
            "ops": ops.map { op in
                ["index": op.index, "kind": op.kind, "name": op.name, "input_shapes": op.inputShapes,
                 "output_shapes": op.outputShapes, "macs": op.macs, "weight_bytes": op.weightBytes,
                 "sparsity": op.sparsity.map { $0 as Any } ?? NSNull(), "in_place": op.inPlace, "fused": op.fused] as [String: Any]
            },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    public func text(file: String) -> String {
        var lines: [String] = []
        lines.append("\(file): .kgl v\(version), \(fileBytes) bytes (weights \(weightBytes)), arena \(arenaBytes) bytes, \(macs) MACs")
        for t in inputs {
            lines.append("  input  \(t.name): \(t.type) \(t.shape) scale \(t.scale) zero point \(t.zeroPoint)")
            if let n = t.normalization {
                lines.append("         normalized before quantizing: (x - shift) * multiplier per channel (\(n.channels) channels; --json lists them)")
            }
        }
        for t in outputs { lines.append("  output \(t.name): \(t.type) \(t.shape) scale \(t.scale) zero point \(t.zeroPoint)") }
        lines.append("")
        lines.append(pad("#", 4) + pad("operator", 19) + pad("output shape", 20) + pad("MACs", 12) + pad("weights", 10) + pad("sparse", 9) + pad("arena", 10) + "name")
        for op in ops {
            let shape = op.outputShapes.first.map { "\($0)" } ?? ""
            // TFLite names fused layers "a;b;c"; the first part names the layer.
            let name = op.name.split(separator: ";").first.map(String.init) ?? ""
            lines.append(pad("\(op.index)", 4) + pad(op.kind, 19) + pad(shape, 20) + pad("\(op.macs)", 12)
                         + pad("\(op.weightBytes)", 10)
                         + pad(op.sparsity.map { String(format: "%.0f%% 0s", 100 * $0) } ?? "", 9)
                         + pad(op.fused ? "fused" : op.inPlace ? "in place" : "", 10) + name)
        }
        return lines.joined(separator: "\n")
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }
}
