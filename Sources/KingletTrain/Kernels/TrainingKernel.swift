/// One operator's forward and backward pass over a batch. Operands are indexed like the
/// operator's inputs: an activation holds `batch` samples one after another, a constant holds
/// its values once, and an absent or integer operand is empty. The initializer (through
/// `TrainingOperatorCheck`) has checked every shape, so the passes cannot trap.
protocol TrainingKernel: Sendable {
    /// The output of `batch` samples. `training` selects batch statistics where an operator
    /// has them (BatchNormalization).
    func forward(_ x: [[Float]], batch: Int, training: Bool) -> [Float]

    /// The gradient of each operand from the output's `gradient`, for every operand whose
    /// `needs` entry is true (empty elsewhere). `output` is what `forward` returned.
    func backward(_ x: [[Float]], output: [Float], gradient: [Float], batch: Int, training: Bool,
                  needs: [Bool]) -> [[Float]]

    /// New values of state operands that a training-mode step moves (moving statistics).
    func statistics(_ x: [[Float]], batch: Int) -> [(operand: Int, values: [Float])]
}

extension TrainingKernel {
    func statistics(_ x: [[Float]], batch: Int) -> [(operand: Int, values: [Float])] { [] }
}
