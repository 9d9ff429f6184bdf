extension ActivationQuantization {
    /// Parameters a kernel fixes whatever the calibration saw (SOFTMAX and LOGISTIC write
    /// 1/256 with zero point −128, TANH 1/128 with 0).
    init(fixedScale scale: Float, zeroPoint: Int) {
        self.scale = scale
        self.zeroPoint = zeroPoint
    }
}
