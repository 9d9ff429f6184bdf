import KingletFormat

/// Which of the C runtime's optional kernel paths (kgl_config.h, `KGL_PATH_*`) a model's
/// operators take, so that `emit-c` can leave the others out of a firmware's flash.
///
/// The rules mirror the dispatch of runtime-c's kgl_conv2d_s8 and kgl_depthwise_conv2d_s8 for
/// the default window budget of every core (`KGL_CONV_WINDOW_BYTES`: 576, and 64 on
/// Cortex-M0/M0+), keeping a path whenever some core could take it. They are hints only: a
/// path left out sends its shapes down the next path, at worst the reference loops, with the
/// same bytes, so a mismatch costs speed, never correctness.
struct KernelPathHints {
    /// The window budgets of kgl_config.h's defaults, largest and smallest.
    static let windowBudgets = (largest: 576, smallest: 64)
    /// Output channels from which CONV_2D copies windows (kgl_conv2d_s8), and from which
    /// Helium runs them position-major.
    static let smallWindowChannels = 16
    static let heliumWindowChannels = 4
    /// The most positions a 1x1 CONV_2D runs as FULLY_CONNECTED on any core
    /// (KGL_CONV_FEW_POSITIONS: 8, Helium 2).
    static let fewPositions = 8

    var convSmallWindow = false
    var convUnsplitWindow = false
    var convBlocked = false
    var convFewPositions = false
    /// Every int8 CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED carries a folded bias
    /// (format 1.6): the kernels then need no code to sum weights (KGL_FOLDED_BIAS_REQUIRED).
    var foldedBiasEverywhere = true
    var depthwise3x3 = false
    var depthwiseBlocked = false

    init(_ model: KglModel) {
        for op in model.operators where op.inputs.count > 2 && model.tensors[op.inputs[0]].type == .int8 {
            if let slot = FoldedBias.slot(of: op.kind), op.options[slot] == 0 { foldedBiasEverywhere = false }
        }
        for op in model.operators {
            guard op.inputs.count > 1, let output = op.outputs.first else { continue }
            let input = model.tensors[op.inputs[0]], filter = model.tensors[op.inputs[1]]
            guard filter.sparse == nil, input.type == .int8, input.shape.count == 4,
                  filter.shape.count == 4 else { continue }
            let out = model.tensors[output].shape
            switch op.kind {
            case .conv2D:
                conv(input: input.shape, filter: filter.shape, output: out, op)
            case .depthwiseConv2D:
                depthwise(filter: filter.shape, output: out, op)
            default:
                continue
            }
        }
    }

    private mutating func conv(input: [Int], filter: [Int], output: [Int], _ op: KglOperator) {
        let (kh, kw, cf, cin) = (filter[1], filter[2], filter[3], input[3])
        guard cf == cin else { return }                        // grouped: the reference loops
        let strides = (op.option(Conv2DOptions.strideH), op.option(Conv2DOptions.strideW))
        let pads = (op.option(Conv2DOptions.padTop), op.option(Conv2DOptions.padLeft))
        let pointwise = kh == 1 && kw == 1 && strides == (1, 1) && pads == (0, 0) &&
            output[1] == input[1] && output[2] == input[2]
        if pointwise && input[0] * output[1] * output[2] <= Self.fewPositions { convFewPositions = true }
        guard !pointwise else { return }                       // always built
        let window = kh * kw * cin
        // Every variant copies windows larger than 1x1 from 16 output channels; Helium also
        // runs strided 1x1 products that way, and from 4 output channels.
        let copies = !(kh == 1 && kw == 1) && output[3] >= Self.smallWindowChannels
        let copiesOnHelium = output[3] >= Self.heliumWindowChannels
        if copiesOnHelium && window <= Self.windowBudgets.largest { convSmallWindow = true }
        if copies && window <= Self.windowBudgets.largest {
            // Arm DSP splits windows of a multiple of four up to half its budget.
            if window % 4 != 0 || window > Self.windowBudgets.largest / 2 / 4 * 4 { convUnsplitWindow = true }
        }
        let copiedEverywhere = copies && window <= Self.windowBudgets.smallest
        if !copiedEverywhere && op.option(Conv2DOptions.dilationW) == 1 { convBlocked = true }
    }

    private mutating func depthwise(filter: [Int], output: [Int], _ op: KglOperator) {
        guard op.option(DepthwiseConv2DOptions.depthMultiplier) == 1 else { return }
        let threeByThree = filter[1] == 3 && filter[2] == 3 &&
            op.option(DepthwiseConv2DOptions.dilationH) == 1 && op.option(DepthwiseConv2DOptions.dilationW) == 1
        // The padded row a 3x3 path copies, against the budget / 9 columns it allows.
        let columns = (output[2] - 1) * Int(op.option(DepthwiseConv2DOptions.strideW)) + 3
        if threeByThree && columns <= Self.windowBudgets.largest / 9 { depthwise3x3 = true }
        if !(threeByThree && columns <= Self.windowBudgets.smallest / 9) { depthwiseBlocked = true }
    }

    /// `#define` lines for the paths the model does not take.
    var defines: [String] {
        var lines: [String] = []
        func off(_ used: Bool, _ name: String) {
            if !used { lines.append("#define KGL_PATH_\(name) 0 /* no operator takes it */") }
        }
        off(convSmallWindow, "CONV_SMALL_WINDOW")
        off(convUnsplitWindow, "CONV_UNSPLIT_WINDOW")
        off(convBlocked, "CONV_BLOCKED")
        off(convFewPositions, "CONV_FEW_POSITIONS")
        if foldedBiasEverywhere {
            lines.append("#define KGL_FOLDED_BIAS_REQUIRED 1 /* every weighted operator has a folded bias */")
        }
        off(depthwise3x3, "DEPTHWISE_3X3")
        off(depthwiseBlocked, "DEPTHWISE_BLOCKED")
        return lines
    }
}
