import KingletIR

/// Where each activation of a float graph takes its int8 parameters from once it is
/// quantized (all-int8, no 16x8 layers): its own range, another tensor's (pooling, reshape
/// and the other kinds that keep their input's parameters; the inputs of a CONCATENATION that
/// can write the output's), or parameters the kernel fixes (SOFTMAX, LOGISTIC, TANH). The
/// quantizer follows these rules; quantization-aware training reads them here so that what
/// it simulates is what the int8 model computes.
public struct Int8ActivationSharing: Sendable {
    public enum Source: Sendable, Equatable {
        /// Its own range.
        case own
        /// The parameters of another tensor (itself with its own range, never a chain).
        case sameAs(Int)
        /// Parameters the kernel fixes.
        case fixed(ActivationQuantization)
    }

    /// The source of every activation: graph inputs and operator outputs.
    public let sources: [Int: Source]

    public init(_ graph: Graph) {
        var sources: [Int: Source] = [:]
        for input in graph.inputs { sources[input] = .own }
        for op in graph.operators {
            let output = op.outputs[0]
            switch Int8OperatorRule(op.kind) {
            case .fixedOutput(let scale, let zeroPoint):
                sources[output] = .fixed(ActivationQuantization(fixedScale: scale, zeroPoint: zeroPoint))
            case .keepsInputParameters:
                let input = op.inputs.first ?? -1
                if input >= 0, let source = sources[input] {
                    sources[output] = source == .own ? .sameAs(input) : source
                } else {
                    sources[output] = .own
                }
            default:
                sources[output] = .own
            }
        }
        let connections = GraphConnections(graph)
        for (index, op) in graph.operators.enumerated() where Int8OperatorRule(op.kind) == .concatenation {
            for input in op.inputs where input >= 0 && connections.canRetarget(input, forConcatenation: index) {
                sources[input] = .sameAs(op.outputs[0])
            }
        }
        self.sources = sources
    }
}
