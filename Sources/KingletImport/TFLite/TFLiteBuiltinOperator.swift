/// A builtin operator code (schema enum `BuiltinOperator`, an int32).
///
/// An open set: any value can appear in a file, and values without a name print as
/// `UNKNOWN(n)`. Named constants cover the operators Kinglet cares about; `name` knows
/// every code in the schema of TensorFlow 2.21 / LiteRT 2.3 (0...209).
public struct TFLiteBuiltinOperator: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    public static let add = Self(rawValue: 0)
    public static let averagePool2D = Self(rawValue: 1)
    public static let concatenation = Self(rawValue: 2)
    public static let conv2D = Self(rawValue: 3)
    public static let depthwiseConv2D = Self(rawValue: 4)
    public static let depthToSpace = Self(rawValue: 5)
    public static let dequantize = Self(rawValue: 6)
    public static let floor = Self(rawValue: 8)
    public static let fullyConnected = Self(rawValue: 9)
    public static let l2Normalization = Self(rawValue: 11)
    public static let l2Pool2D = Self(rawValue: 12)
    public static let logistic = Self(rawValue: 14)
    public static let maxPool2D = Self(rawValue: 17)
    public static let mul = Self(rawValue: 18)
    public static let relu = Self(rawValue: 19)
    public static let reluN1To1 = Self(rawValue: 20)
    public static let relu6 = Self(rawValue: 21)
    public static let reshape = Self(rawValue: 22)
    public static let resizeBilinear = Self(rawValue: 23)
    public static let softmax = Self(rawValue: 25)
    public static let spaceToDepth = Self(rawValue: 26)
    public static let svdf = Self(rawValue: 27)
    public static let tanh = Self(rawValue: 28)
    public static let custom = Self(rawValue: 32)
    public static let pad = Self(rawValue: 34)
    public static let gather = Self(rawValue: 36)
    public static let batchToSpaceND = Self(rawValue: 37)
    public static let spaceToBatchND = Self(rawValue: 38)
    public static let transpose = Self(rawValue: 39)
    public static let mean = Self(rawValue: 40)
    public static let sub = Self(rawValue: 41)
    public static let div = Self(rawValue: 42)
    public static let squeeze = Self(rawValue: 43)
    public static let unidirectionalSequenceLSTM = Self(rawValue: 44)
    public static let stridedSlice = Self(rawValue: 45)
    public static let exp = Self(rawValue: 47)
    public static let split = Self(rawValue: 49)
    public static let logSoftmax = Self(rawValue: 50)
    public static let cast = Self(rawValue: 53)
    public static let prelu = Self(rawValue: 54)
    public static let maximum = Self(rawValue: 55)
    public static let argMax = Self(rawValue: 56)
    public static let minimum = Self(rawValue: 57)
    public static let padV2 = Self(rawValue: 60)
    public static let slice = Self(rawValue: 65)
    public static let transposeConv = Self(rawValue: 67)
    public static let tile = Self(rawValue: 69)
    public static let expandDims = Self(rawValue: 70)
    public static let sum = Self(rawValue: 74)
    public static let sqrt = Self(rawValue: 75)
    public static let rsqrt = Self(rawValue: 76)
    public static let shape = Self(rawValue: 77)
    public static let argMin = Self(rawValue: 79)
    public static let reduceMax = Self(rawValue: 82)
    public static let pack = Self(rawValue: 83)
    public static let unpack = Self(rawValue: 88)
    public static let reduceMin = Self(rawValue: 89)
    public static let square = Self(rawValue: 92)
    public static let resizeNearestNeighbor = Self(rawValue: 97)
    public static let leakyRelu = Self(rawValue: 98)
    public static let squaredDifference = Self(rawValue: 99)
    public static let mirrorPad = Self(rawValue: 100)
    public static let abs = Self(rawValue: 101)
    public static let splitV = Self(rawValue: 102)
    public static let elu = Self(rawValue: 111)
    public static let quantize = Self(rawValue: 114)
    public static let hardSwish = Self(rawValue: 117)
    public static let batchMatMul = Self(rawValue: 126)
    public static let gelu = Self(rawValue: 150)

    /// The schema's name ("CONV_2D"), or "UNKNOWN(n)".
    public var name: String {
        Self.names.indices.contains(Int(rawValue)) ? Self.names[Int(rawValue)] : "UNKNOWN(\(rawValue))"
    }

    public var description: String { name }
}
