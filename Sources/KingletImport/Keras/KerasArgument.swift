/// A positional argument of a layer call: one of the tensors the call reads (an index into
/// the node's references) or a Python number (`x + 3.0` in a Keras 3 graph, `y=3.0` of a
/// Keras 2 TFOpLambda).
enum KerasArgument: Sendable, Hashable {
    case tensor(Int)
    case number(Double)
}
