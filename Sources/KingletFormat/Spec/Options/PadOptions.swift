/// PAD (and PADV2) options: elements added before and after each axis of the shape
/// left-padded with 1s to 5-D (TFLite Micro's PadKernelMaxDimensionCount), so axis k of a
/// rank-r tensor is slot k + 5 − r; and the int8 value written into the padding.
public enum PadOptions: Int, OperatorOptions {
    case before0
    case before1
    case before2
    case before3
    case before4
    case after0
    case after1
    case after2
    case after3
    case after4
    case padValue
}
