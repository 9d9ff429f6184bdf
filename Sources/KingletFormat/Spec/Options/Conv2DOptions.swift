/// CONV_2D options (operands: input [N,H,W,Cin], weights [Cout,KH,KW,Cf], bias int32 [Cout];
/// output [N,OH,OW,Cout]; Cf dividing Cin makes a grouped convolution).
/// `inputOffset` is −(input zero point), `outputOffset` the output zero point;
/// `multipliers` and `shifts` are data-section offsets of int32[Cout] (QuantizeMultiplier of
/// s_in·s_w[c]/s_out). Padding is explicit (top/left); taps outside the input contribute
/// nothing, as if they held the input zero point. Checked: strides and dilations ≥ 1,
/// padding ≥ 0, offsets of int8 zero points, min ≤ max within int8, multipliers ≥ 0,
/// shifts in −31...30.
/// `foldedBias` (since 1.6): 0, or the data-section offset of int32[Cout] holding
/// bias[c] + inputOffset · (sum of channel c's weights), wrapping — the starting sum of a
/// window inside the input, computed by the compiler and checked at load (docs/FORMAT.md,
/// "Folded bias"). The data section never starts with it, so 0 means absent.
/// 16x8 (int16 input and output, int64 bias; kgl_conv2d_s16): the same slots with offsets 0,
/// min ≤ max within int16 and shifts in −31...14 (the int64 rescale).
public enum Conv2DOptions: Int, OperatorOptions {
    case inputOffset
    case outputOffset
    case strideH
    case strideW
    case dilationH
    case dilationW
    case padTop
    case padLeft
    case activationMin
    case activationMax
    case multipliers
    case shifts
    case foldedBias
}
