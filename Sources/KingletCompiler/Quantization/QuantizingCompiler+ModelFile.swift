import KingletIR

/// The CLI's way into post-training quantization: from a `ModelFile` imported once.
extension QuantizingCompiler {
    /// Quantizes the float model of `file` (see `compile(_:calibration:options:...)`); the
    /// BatchNormalization gammas channel pruning ranks by are read from the same import.
    public static func compile(_ file: ModelFile, calibration samples: [[[Float]]], options: QuantizationOptions,
                               evaluation: (samples: [[[Float]]], labels: [Int]?)? = nil,
                               progress: ((String) -> Void)? = nil,
                               training: ((String, TrainingProgress) -> Void)? = nil,
                               compressedFloat: ((Graph) -> Void)? = nil) throws -> (kgl: [UInt8], report: QuantizationReport) {
        var options = options
        if options.compression.hasChannelPruning && options.compression.channelCriterion == .batchNormGamma
            && options.compression.batchNormGammas.isEmpty {
            options.compression.batchNormGammas = file.batchNormGammas
        }
        return try compile(file.floatGraph(), calibration: samples, options: options, evaluation: evaluation,
                           file: file.path, progress: progress, training: training,
                           compressedFloat: compressedFloat)
    }
}
