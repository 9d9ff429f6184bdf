import Foundation
import KingletPasses

/// What quantization chose and what it cost, per layer and for the whole model.
public struct QuantizationReport: Sendable {
    public struct Candidate: Sendable {
        public let method: String
        /// Output SQNR in dB against the float model over the calibration samples.
        public let outputSQNR: Double
        /// Output SQNR in dB out of sample, pooled over the calibration samples, each measured
        /// with ranges from the samples outside its fold (k-fold): what chose the method (nil
        /// when only one method or one sample).
        public let heldOutSQNR: Double?
        /// Out of sample, the samples on which its error is smaller than minmax's and larger,
        /// and the median per-sample gain over minmax in dB (nil for minmax, one method or one
        /// sample).
        public let betterSamples: Int?
        public let worseSamples: Int?
        public let medianGain: Double?
        /// Per calibration sample, the held-out Σ (float − int8)² (in the JSON report, so a
        /// rule can be studied offline; `heldOutSignal` holds the Σ float²).
        public let heldOutNoise: [Double]?

        public init(method: String, outputSQNR: Double, heldOutSQNR: Double?, betterSamples: Int? = nil,
                    worseSamples: Int? = nil, medianGain: Double? = nil, heldOutNoise: [Double]? = nil) {
            self.worseSamples = worseSamples
            self.method = method
            self.outputSQNR = outputSQNR
            self.heldOutSQNR = heldOutSQNR
            self.betterSamples = betterSamples
            self.medianGain = medianGain
            self.heldOutNoise = heldOutNoise
        }
    }

    /// A transformation measured out of sample (k-fold) without and with it: pooled SQNR in
    /// dB and the samples on which it lowered the error.
    public struct HeldOutComparison: Sendable {
        public let without: Double
        public let with: Double
        public let betterSamples: Int
        public let worseSamples: Int
        public let samples: Int
    }

    public struct Layer: Sendable {
        public let index: Int
        public let kind: String
        public let name: String
        public let low: Float
        public let high: Float
        public let scale: Float
        public let zeroPoint: Int
        /// SQNR in dB of this operator's int8 output (dequantized) against the float
        /// activation, over the calibration samples; nil when it has no float twin.
        public let sqnr: Double?
        public let weightBytes: Int
    }

    public let method: String
    public let chosenAutomatically: Bool
    public let candidates: [Candidate]
    /// With the automatic choice: why this method (RangeMethodChoice's reason).
    public let rangeChoice: String?
    /// Folds of the k-fold split behind every held-out figure (0 with one sample).
    public let folds: Int
    /// Per calibration sample, Σ float² over its outputs (with the automatic choice).
    public var heldOutSignal: [Double]?
    /// Whether the written model uses bias correction, and the output SQNR without and with it.
    public let biasCorrection: Bool
    public let sqnrWithoutBiasCorrection: Double?
    public let sqnrWithBiasCorrection: Double?
    /// With `auto`: output SQNR out of sample (k-fold, channel means from outside each fold)
    /// without and with the correction (what decided).
    public let heldOutBiasCorrection: HeldOutComparison?
    public let outputSQNR: Double
    public let calibrationSamples: Int
    public var floatWeightBytes: Int
    public let int8WeightBytes: Int
    /// The CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED filters alone: bytes as stored
    /// (sparse where smaller) and as dense int8 (biases, int32, are not in either).
    public var filterBytes: (stored: Int, dense: Int) = (0, 0)
    public let kglBytes: Int
    public let arenaBytes: Int
    public let layers: [Layer]

    /// The written model on held-out data (`--eval`).
    public struct Evaluation: Sendable {
        public let samples: Int
        public let outputSQNR: Double
        public let floatAccuracy: Double?
        public let int8Accuracy: Double?
    }
    /// Against the original float model, also with --low-rank.
    public let evaluation: Evaluation?
    /// Problems the user can fix in the model or its data.
    public let warnings: [String]
    /// The chosen method's held-out SQNR (k-fold, pooled), which decides whether
    /// equalization is kept; the in-sample SQNR with one sample.
    public let selectionSQNR: Double
    /// Layers computed with int16 activations, and (with `--int16 auto`) the output SQNR
    /// without and with them.
    public let int16Layers: [String]
    public let int16SQNR: (without: Double, with: Double)?
    /// With `--int16 auto`: the capable layer whose int16 version alone raised the output
    /// SQNR most, and by how much (dB), whether or not anything was kept.
    public var int16BestSingle: (layer: String, gain: Double)?
    /// Layers whose weights are int4 (`--weights int4`), held in int8 tensors.
    public var int4Layers: [String] = []
    /// Whether cross-layer equalization is in the written model, and (with `auto`) the
    /// held-out SQNR of the best quantization without and with it.
    public var equalization = false
    /// Model inputs whose leading Normalization became the input's normalization.
    public var normalizedInputs: [String] = []
    /// With --low-rank: per Dense/Conv2D layer the rank chosen and whether it was replaced.
    public var lowRank: [LowRankDecomposition.Decision] = []
    /// The decomposed float model against the original, on the calibration samples (dB).
    public var lowRankFloatSQNR: Double?
    public var channelPruning: [ChannelPruning.Decision] = []
    public var pruning: [MagnitudePruning.Decision] = []
    /// Weight clustering (`--cluster`), per layer considered.
    public var clustering: [WeightClustering.Decision] = []
    public var allocation: SparsityAllocation?
    /// Pruning stages whose bias correction was kept, and (bias=auto) what it measured.
    public var pruningBiasCorrected: [String] = []
    public var pruningBiasCorrection: [(stage: String, without: Double, with: Double)] = []
    /// The model after each compression stage and as written (empty without compression).
    public var stages: [CompressionStage] = []
    /// Each fine-tuning run (`--fine-tune`), in order.
    public var fineTuning: [FineTuningRecord] = []
    /// Activations whose int8 range quantization-aware training learned (`--qat`).
    public var learnedRanges = 0
    /// The calibration method those ranges started from, and how training moved them.
    public var learnedRangesStart: (method: CalibrationMethod, update: RangeUpdate)?
    public var sqnrWithoutEqualization: Double?
    public var sqnrWithEqualization: Double?
    /// With `--equalize auto`: held-out samples on which equalization lowered / raised the error.
    public var equalizationSamples: (better: Int, worse: Int)?
    /// The chosen quantization's held-out error per calibration sample (what equalization
    /// auto compares); nil with one sample.
    var selectionErrors: [RangeMethodChoice.SampleError]?

    static func decibels(_ value: Double) -> String {
        value.isInfinite ? "inf" : String(format: "%.1f", value)
    }

    public func text(file: String) -> String {
        var lines: [String] = []
        let how = chosenAutomatically ? "chosen automatically" : "as requested"
        let precision = int16Layers.isEmpty ? "int8" : "int8 with 16x8 layers"
        lines.append("\(file): \(precision), calibration \(method) (\(how)) on \(calibrationSamples) samples")
        if chosenAutomatically {
            let heldOut = folds > 0 ? " / \(folds)-fold held-out" : ""
            lines.append("  candidates (output SQNR in sample\(heldOut) dB; held out, samples better/worse than minmax): " + candidates.map { candidate in
                var text = "\(candidate.method) \(Self.decibels(candidate.outputSQNR))" + (candidate.heldOutSQNR.map { " / \(Self.decibels($0))" } ?? "")
                if let better = candidate.betterSamples, let worse = candidate.worseSamples { text += " (+\(better)/−\(worse))" }
                return text
            }.joined(separator: ", "))
            if let rangeChoice { lines.append("  range method: \(rangeChoice)") }
        }
        if !lowRank.isEmpty {
            let before = lowRank.reduce(0) { $0 + $1.parametersBefore }, after = lowRank.reduce(0) { $0 + $1.parametersAfter }
            var line = "  low-rank: \(lowRank.filter(\.applied).count) of \(lowRank.count) layers decomposed, their weights \(before) → \(after) parameters"
            if let sqnr = lowRankFloatSQNR { line += "; float model vs the original: SQNR \(Self.decibels(sqnr)) dB on the calibration samples (the SQNR figures below compare with the decomposed model; the evaluation with the original)" }
            lines.append(line)
            for d in lowRank {
                let what = d.applied ? "rank \(d.rank) of \(d.fullRank) (\(String(format: "%.1f", 100 * d.energy))% of Σσ²), \(d.parametersBefore) → \(d.parametersAfter) parameters"
                    : "kept: rank \(d.rank) of \(d.fullRank) would not reduce its \(d.parametersBefore) parameters"
                lines.append("    \(d.kind) \(d.layer): \(what)")
            }
        }
        if !channelPruning.isEmpty {
            let pruned = channelPruning.filter { $0.channelsAfter < $0.channelsBefore }
            lines.append("  channel pruning: \(pruned.count) of \(channelPruning.count) layers lost channels")
            for d in channelPruning {
                var what = d.channelsAfter < d.channelsBefore ? "\(d.channelsBefore) → \(d.channelsAfter) channels" : "kept \(d.channelsBefore) channels"
                if !d.tiedWith.isEmpty { what += " (tied with \(d.tiedWith.joined(separator: ", ")))" }
                if let reason = d.reason { what += ": \(reason)" }
                lines.append("    \(d.kind) \(d.layer): \(what)")
            }
        }
        if let allocation {
            var line = "  prune auto: budget \(allocation.budgetBytes) B of \(allocation.denseBytes) B dense int8 weights; "
            if allocation.usesGlobalThreshold, let s = allocation.globalSparsity {
                line += String(format: "one global threshold at %.1f%% gives ~%d B", 100 * s, allocation.estimatedBytes)
            } else {
                line += "per-layer sparsities from each layer's measured sensitivity give ~\(allocation.estimatedBytes) B"
            }
            if let a = allocation.perLayerSQNR, let b = allocation.globalSQNR {
                line += " (float SQNR on calibration samples: per layer \(Self.decibels(a)) dB, global \(Self.decibels(b)) dB)"
            }
            lines.append(line)
        }
        if !pruning.isEmpty {
            let applied = pruning.filter(\.applied)
            let weights = applied.reduce(0) { $0 + $1.weights }
            let zeros = applied.reduce(0.0) { $0 + $1.sparsity * Double($1.weights) }
            lines.append(String(format: "  magnitude pruning: %d of %d layers pruned, %.1f%% of their %d weights zero", applied.count, pruning.count,
                                weights > 0 ? 100 * zeros / Double(weights) : 0, weights))
            for d in pruning {
                let what = d.applied ? String(format: "%.1f%% zeros of %d weights", 100 * d.sparsity, d.weights) : "kept dense: \(d.reason ?? "")"
                lines.append("    \(d.kind) \(d.layer): \(what)")
            }
        }
        for (stage, without, with) in pruningBiasCorrection {
            lines.append("  \(stage): bias correction \(pruningBiasCorrected.contains(stage) ? "on" : "off") (float SQNR vs the model before the stage on calibration samples: \(Self.decibels(without)) dB without, \(Self.decibels(with)) dB with)")
        }
        if pruningBiasCorrection.isEmpty {
            for stage in pruningBiasCorrected { lines.append("  \(stage): bias correction on") }
        }
        if !clustering.isEmpty {
            let applied = clustering.filter(\.applied)
            lines.append("  weight clustering: \(applied.count) of \(clustering.count) layers clustered (k-means, one codebook per \(clustering[0].scope.rawValue))")
            for d in clustering {
                let bits = Int(ceil(log2(Double(d.clusters))))
                let what = d.applied ? "\(d.distinctValues) values of at most \(d.clusters) per codebook (\(bits)-bit indices), \(d.weights) weights"
                    : "unchanged: \(d.reason ?? "")"
                lines.append("    \(d.kind) \(d.layer): \(what)")
            }
        }
        for record in fineTuning { lines.append(record.text) }
        if learnedRanges > 0 {
            var line = "  activation ranges: \(learnedRanges) from quantization-aware training"
            if let start = learnedRangesStart {
                switch start.update {
                case .tracked: line += ", starting at \(start.method) and following each batch's min/max"
                case .fixed: line += ", the \(start.method) ranges kept fixed while the weights trained"
                case .learned: line += ", starting at \(start.method) and learned by gradient with the weights"
                }
            }
            lines.append(line)
        }
        if !stages.isEmpty {
            lines.append("  stages (measured against the original float model; float stages with int8 size estimates):")
            for stage in stages { lines.append(stage.text(relativeTo: stages.first)) }
        }
        for input in normalizedInputs {
            lines.append("  input '\(input)': its per-feature Normalization is applied before quantization (input normalization), so each feature keeps its resolution; int8 input = quantize((x − shift) · multiplier)")
        }
        if int16Layers.isEmpty, let best = int16BestSingle {
            lines.append(String(format: "  int16 auto: no layer kept (best alone: %@ %+.1f dB; a set must gain 1 dB)", best.layer, best.gain))
        }
        if !int4Layers.isEmpty {
            lines.append("  int4 weights (symmetric per channel, MSE clipping; stored as int8 for now): \(int4Layers.joined(separator: ", "))")
        }
        if !int16Layers.isEmpty {
            var line = "  int16 activations (16x8): \(int16Layers.joined(separator: ", "))"
            if let measured = int16SQNR { line += " (\(Self.decibels(measured.without)) dB → \(Self.decibels(measured.with)) dB)" }
            lines.append(line)
        }
        if let with = sqnrWithEqualization, let without = sqnrWithoutEqualization {
            var line = "  cross-layer equalization \(equalization ? "on" : "off"): held-out \(Self.decibels(without)) dB without, \(Self.decibels(with)) dB with"
            if let counts = equalizationSamples { line += ", better on \(counts.better) and worse on \(counts.worse) of \(calibrationSamples) samples" }
            lines.append(line)
        } else {
            lines.append("  cross-layer equalization \(equalization ? "on" : "off (--equalize auto measures it)")")
        }
        if let with = sqnrWithBiasCorrection, let without = sqnrWithoutBiasCorrection {
            var line = "  bias correction \(biasCorrection ? "on" : "off"): \(Self.decibels(without)) dB without, \(Self.decibels(with)) dB with"
            if let heldOut = heldOutBiasCorrection {
                line += " (\(folds)-fold held-out: \(Self.decibels(heldOut.without)) → \(Self.decibels(heldOut.with)) dB, better on \(heldOut.betterSamples) and worse on \(heldOut.worseSamples) of \(heldOut.samples) samples)"
            }
            lines.append(line)
        }
        var sizes = "  output SQNR \(Self.decibels(outputSQNR)) dB; weights \(floatWeightBytes) B float → \(int8WeightBytes) B int8"
        if filterBytes.stored < filterBytes.dense {
            sizes += String(format: " (filters %d B stored sparse, %.3f× their %d dense int8 bytes)", filterBytes.stored,
                            Double(filterBytes.stored) / Double(filterBytes.dense), filterBytes.dense)
        }
        lines.append(sizes + "; .kgl \(kglBytes) B, arena \(arenaBytes) B")
        for warning in warnings { lines.append("  warning: \(warning)") }
        if let evaluation {
            var line = "  evaluation on \(evaluation.samples) samples: output SQNR \(Self.decibels(evaluation.outputSQNR)) dB"
            if let float = evaluation.floatAccuracy, let int8 = evaluation.int8Accuracy {
                line += String(format: "; accuracy float %.2f%%, int8 %.2f%% (%+.2f points)", 100 * float, 100 * int8, 100 * (int8 - float))
            }
            lines.append(line)
        }
        let nameWidth = min(28, max(5, layers.map(\.name.count).max() ?? 0))
        for layer in layers {
            let name = layer.name.count > nameWidth ? String(layer.name.prefix(nameWidth)) : layer.name.rightPadded(nameWidth)
            let range = String(format: "[%.4g, %.4g]", layer.low, layer.high)
            let sqnr = layer.sqnr.map { Self.decibels($0) + " dB" } ?? "-"
            lines.append("  \(String(layer.index).leftPadded(3)) \(layer.kind.rightPadded(18)) \(name) \(range.rightPadded(24)) SQNR \(sqnr.leftPadded(8))  weights \(layer.weightBytes) B")
        }
        return lines.joined(separator: "\n")
    }

    public func json() -> String {
        func number(_ value: Double) -> Any { value.isFinite ? value : "inf" }
        let object: [String: Any] = [
            "method": method, "chosen_automatically": chosenAutomatically,
            "candidates": candidates.map { ["method": $0.method, "output_sqnr_db": number($0.outputSQNR),
                                             "held_out_sqnr_db": $0.heldOutSQNR.map(number) ?? NSNull(),
                                             "better_samples": $0.betterSamples.map { $0 as Any } ?? NSNull(),
                                             "worse_samples": $0.worseSamples.map { $0 as Any } ?? NSNull(),
                                             "median_gain_db": $0.medianGain.map(number) ?? NSNull(),
                                             "held_out_sample_noise": $0.heldOutNoise.map { $0 as Any } ?? NSNull()] },
            "held_out_sample_signal": heldOutSignal.map { $0 as Any } ?? NSNull(),
            "range_choice": rangeChoice.map { $0 as Any } ?? NSNull(),
            "folds": folds,
            "held_out_sqnr_db": number(selectionSQNR),
            "output_sqnr_db": number(outputSQNR), "calibration_samples": calibrationSamples,
            "bias_correction": biasCorrection,
            "sqnr_without_bias_correction_db": sqnrWithoutBiasCorrection.map(number) ?? NSNull(),
            "sqnr_with_bias_correction_db": sqnrWithBiasCorrection.map(number) ?? NSNull(),
            "held_out_bias_correction_db": heldOutBiasCorrection.map { ["without": number($0.without), "with": number($0.with),
                                                                        "better_samples": $0.betterSamples, "worse_samples": $0.worseSamples,
                                                                        "samples": $0.samples] as [String: Any] } ?? NSNull(),
            "equalization_samples": equalizationSamples.map { ["better": $0.better, "worse": $0.worse] } ?? NSNull(),
            "float_weight_bytes": floatWeightBytes, "int8_weight_bytes": int8WeightBytes,
            "filter_bytes": filterBytes.stored, "filter_dense_bytes": filterBytes.dense,
            "kgl_bytes": kglBytes, "arena_bytes": arenaBytes,
            "warnings": warnings,
            "int16_layers": int16Layers,
            "int4_layers": int4Layers,
            "int16_best_single": int16BestSingle.map { ["layer": $0.layer, "gain_db": number($0.gain)] as [String: Any] } ?? NSNull(),
            "int16_sqnr_db": int16SQNR.map { ["without": number($0.without), "with": number($0.with)] } ?? NSNull(),
            "equalization": equalization,
            "normalized_inputs": normalizedInputs,
            "low_rank_float_sqnr_db": lowRankFloatSQNR.map(number) ?? NSNull(),
            "low_rank": lowRank.map { d -> [String: Any] in
                ["layer": d.layer, "kind": d.kind, "full_rank": d.fullRank, "rank": d.rank, "applied": d.applied,
                 "energy": d.energy, "parameters_before": d.parametersBefore, "parameters_after": d.parametersAfter]
            },
            "channel_pruning": channelPruning.map { d -> [String: Any] in
                ["layer": d.layer, "kind": d.kind, "channels_before": d.channelsBefore, "channels_after": d.channelsAfter,
                 "tied_with": d.tiedWith, "reason": d.reason.map { $0 as Any } ?? NSNull()]
            },
            "pruning": pruning.map { d -> [String: Any] in
                ["layer": d.layer, "kind": d.kind, "weights": d.weights, "sparsity": d.sparsity, "applied": d.applied,
                 "reason": d.reason.map { $0 as Any } ?? NSNull()]
            },
            "clustering": clustering.map { d -> [String: Any] in
                ["layer": d.layer, "kind": d.kind, "weights": d.weights, "clusters": d.clusters, "scope": d.scope.rawValue,
                 "distinct_values": d.distinctValues, "applied": d.applied, "reason": d.reason.map { $0 as Any } ?? NSNull()]
            },
            "prune_auto": allocation.map { a -> [String: Any] in
                ["budget_bytes": a.budgetBytes, "dense_bytes": a.denseBytes, "estimated_bytes": a.estimatedBytes,
                 "sparsities": a.sparsities, "uses_global_threshold": a.usesGlobalThreshold,
                 "global_sparsity": a.globalSparsity.map { $0 as Any } ?? NSNull(),
                 "per_layer_sqnr_db": a.perLayerSQNR.map(number) ?? NSNull(), "global_sqnr_db": a.globalSQNR.map(number) ?? NSNull()]
            } ?? NSNull(),
            "stages": stages.map { $0.json() },
            "fine_tuning": fineTuning.map { $0.json() },
            "learned_ranges": learnedRanges,
            "learned_ranges_start": learnedRangesStart.map { ["method": $0.method.description, "update": $0.update.rawValue] as [String: Any] } ?? NSNull(),
            "pruning_bias_correction": pruningBiasCorrection.map { c -> [String: Any] in
                ["stage": c.stage, "without_db": number(c.without), "with_db": number(c.with),
                 "kept": pruningBiasCorrected.contains(c.stage)]
            },
            "sqnr_without_equalization_db": sqnrWithoutEqualization.map(number) ?? NSNull(),
            "sqnr_with_equalization_db": sqnrWithEqualization.map(number) ?? NSNull(),
            "evaluation": evaluation.map { e -> [String: Any] in
                ["samples": e.samples, "output_sqnr_db": number(e.outputSQNR),
                 "float_accuracy": e.floatAccuracy.map { $0 as Any } ?? NSNull(),
                 "int8_accuracy": e.int8Accuracy.map { $0 as Any } ?? NSNull()]
            } ?? NSNull(),
            "layers": layers.map { layer -> [String: Any] in
                ["index": layer.index, "kind": layer.kind, "name": layer.name,
                 // Requantizing QUANTIZEs have no calibrated float twin: no range.
                 "range": layer.low.isFinite && layer.high.isFinite ? [Double(layer.low), Double(layer.high)] as Any : NSNull(),
                 "scale": layer.scale.isFinite ? Double(layer.scale) as Any : NSNull(), "zero_point": layer.zeroPoint,
                 "sqnr_db": layer.sqnr.map(number) ?? NSNull(), "weight_bytes": layer.weightBytes]
            },
        ]
        // Every number above is finite or replaced, so serialization cannot fail.
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
