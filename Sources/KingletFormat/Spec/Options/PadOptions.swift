/// PAD options: elements added before and after each axis of the (up to 4-D, left-padded with 1s) shape, and the quantized pad value.
public enum PadOptions: Int, OperatorOptions {
    case before0
    case before1
    case before2
    case before3
    case after0
    case after1
    case after2
    case after3
    case padValue
}
