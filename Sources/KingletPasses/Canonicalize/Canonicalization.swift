import KingletIR

/// The passes that turn a float graph imported literally from Keras into the operators the
/// rest of the compiler knows: no IDENTITY or no-op RESHAPE/SQUEEZE, no SEPARABLE_CONV_2D,
/// no BATCH_NORMALIZATION, and activations fused into the operators that precede them.
public enum Canonicalization {
    /// In order: identities go first so that they hide no producer from the later passes;
    /// separable convolutions split before batch normalization folds into their pointwise
    /// half; channel-wise operators move in front of reshapes that hide their producer; activations fuse last, into the folded operators; dead tensors go at the end.
    public static var passes: [any GraphPass] {
        [RemoveIdentities(), SplitSeparableConv2D(), HoistChannelwiseOverReshape(), FoldBatchNormalization(),
         FuseActivations(), RemoveDeadOperators()]
    }
}
