import KingletIR

/// A plain float evaluator (in Double) for the operators these tests build, so a rewritten
/// graph can be checked against the original on the same input. NHWC; convolutions pad as
/// TFLite does (SAME: total = max((out − 1)·stride + effective kernel − in, 0), half before).
struct FloatReference {
    struct Unsupported: Error { let kind: String }

    /// The model outputs for the given model inputs.
    static func run(_ graph: Graph, _ inputs: [[Double]]) throws -> [[Double]] {
        var values: [Int: [Double]] = [:]
        for (index, tensor) in graph.tensors.enumerated() where tensor.isConstant {
            values[index] = (tensor.floatValues ?? []).map(Double.init)
        }
        for (input, data) in zip(graph.inputs, inputs) { values[input] = data }
        for op in graph.operators {
            let x = values[op.inputs[0]]!
            let xs = graph.tensors[op.inputs[0]].shape
            let ys = graph.tensors[op.outputs[0]].shape
            func operand(_ slot: Int) -> [Double]? {
                slot < op.inputs.count && op.inputs[slot] >= 0 ? values[op.inputs[slot]] : nil
            }
            let y: [Double]
            switch op.kind {
            case .conv2D(let a):
                y = activate(conv(x, xs, operand(1)!, graph.tensors[op.inputs[1]].shape, operand(2),
                                  ys, a, depthwise: false), a.activation)
            case .depthwiseConv2D(let a):
                y = activate(conv(x, xs, operand(1)!, graph.tensors[op.inputs[1]].shape, operand(2),
                                  ys, a, depthwise: true), a.activation)
            case .separableConv2D(let a):
                let middle = [ys[0], ys[1], ys[2], xs[3] * a.depthMultiplier]
                var d = a
                d.activation = .none
                let m = conv(x, xs, operand(1)!, graph.tensors[op.inputs[1]].shape, nil, middle, d,
                             depthwise: true)
                y = activate(conv(m, middle, operand(2)!, graph.tensors[op.inputs[2]].shape, operand(3), ys,
                                  Attr.conv(), depthwise: false), a.activation)
            case .fullyConnected(let activation, _):
                let w = operand(1)!, ws = graph.tensors[op.inputs[1]].shape
                let units = ws[0], depth = ws[1], rows = x.count / depth
                let b = operand(2) ?? [Double](repeating: 0, count: units)
                y = activate((0..<rows * units).map { i in
                    let r = i / units, u = i % units
                    return (0..<depth).reduce(b[u]) { $0 + x[r * depth + $1] * w[u * depth + $1] }
                }, activation)
            case .add(let activation):
                y = activate(broadcast(x, operand(1)!, +), activation)
            case .mul(let activation):
                y = activate(broadcast(x, operand(1)!, *), activation)
            case .sub(let activation):
                y = activate(broadcast(x, operand(1)!, -), activation)
            case .relu: y = activate(x, .relu)
            case .relu6: y = activate(x, .relu6)
            case .clampedRelu(let maxValue, let slope, let threshold):
                y = x.map { v in
                    v > Double(threshold) ? min(max(v, 0), maxValue.map(Double.init) ?? .infinity)
                        : Double(slope) * (v - Double(threshold))
                }
            case .identity, .reshape, .squeeze:
                y = x
            case .batchNormalization(let epsilon):
                let c = xs.last!
                let gamma = operand(1) ?? [Double](repeating: 1, count: c)
                let beta = operand(2) ?? [Double](repeating: 0, count: c)
                let mean = operand(3)!, variance = operand(4)!
                y = x.indices.map { i in
                    BatchNormReference.apply(x[i], gamma: gamma[i % c], beta: beta[i % c], mean: mean[i % c],
                                             variance: variance[i % c], epsilon: epsilon)
                }
            default:
                throw Unsupported(kind: op.kind.name)
            }
            // Results are stored as float32, as an engine would.
            values[op.outputs[0]] = y.map { Double(Float($0)) }
        }
        return graph.outputs.map { values[$0]! }
    }

    static func activate(_ x: [Double], _ activation: Activation) -> [Double] {
        switch activation {
        case .none: x
        case .relu: x.map { max($0, 0) }
        case .relu6: x.map { min(max($0, 0), 6) }
        case .reluN1To1: x.map { min(max($0, -1), 1) }
        }
    }

    /// Elementwise, with `b` either shaped like `a` or one value per channel of the last axis.
    static func broadcast(_ a: [Double], _ b: [Double], _ f: (Double, Double) -> Double) -> [Double] {
        a.indices.map { f(a[$0], b[$0 % b.count]) }
    }

    static func conv(_ x: [Double], _ xs: [Int], _ w: [Double], _ ws: [Int], _ bias: [Double]?,
                     _ ys: [Int], _ a: Conv2DAttributes, depthwise: Bool) -> [Double] {
        let (n, ih, iw, ic) = (xs[0], xs[1], xs[2], xs[3])
        let (oh, ow, oc) = (ys[1], ys[2], ys[3])
        let (kh, kw) = (ws[1], ws[2])
        func pad(_ out: Int, _ stride: Int, _ k: Int, _ dilation: Int, _ size: Int) -> Int {
            a.padding == .valid ? 0 : max((out - 1) * stride + (k - 1) * dilation + 1 - size, 0) / 2
        }
        let padH = pad(oh, a.strideH, kh, a.dilationH, ih), padW = pad(ow, a.strideW, kw, a.dilationW, iw)
        var y = [Double](repeating: 0, count: n * oh * ow * oc)
        for b in 0..<n {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    for o in 0..<oc {
                        var sum = bias?[o] ?? 0
                        for ky in 0..<kh {
                            for kx in 0..<kw {
                                let iy = oy * a.strideH - padH + ky * a.dilationH
                                let ix = ox * a.strideW - padW + kx * a.dilationW
                                guard (0..<ih).contains(iy), (0..<iw).contains(ix) else { continue }
                                let base = ((b * ih + iy) * iw + ix) * ic
                                if depthwise {
                                    let c = o / a.depthMultiplier
                                    sum += x[base + c] * w[(ky * kw + kx) * oc + o]
                                } else {
                                    for c in 0..<ic {
                                        sum += x[base + c] * w[((o * kh + ky) * kw + kx) * ic + c]
                                    }
                                }
                            }
                        }
                        y[((b * oh + oy) * ow + ox) * oc + o] = sum
                    }
                }
            }
        }
        return y
    }
}
