import KingletFormat

/// One operator kind's reference implementation. Each conforming type lives in
/// `Kernels/<Name>S8.swift` and is the twin of `kgl_<stem>_s8` in runtime-c/src/kernels/.
protocol Kernel: Sendable {
    /// Everything the kernel relies on, checked once when a model is loaded: types, ranks,
    /// shapes consistent with the options, option ranges, data-section arrays in bounds.
    /// After it passes, `run` cannot trap, whatever the file held. Mirrors
    /// `kgl_<stem>_s8_check`; both must accept and refuse the same models.
    static func check(_ op: KglOperator, in model: KglModel) throws(FormatError)

    /// Computes the operator's outputs from its inputs in `memory`.
    static func run(_ op: KglOperator, _ memory: inout Memory)
}
