import KingletCompiler

/// Parses `--low-rank`, `--prune` and `--cluster` of `kinglet compile` into CompressionOptions.
enum CompressionArguments {
    /// `--low-rank energy=E|params=P[,LAYER=E|LAYER=params:P|LAYER=none...]`.
    static func lowRank(_ text: String, into options: inout CompressionOptions) throws(UsageError) {
        for item in try items(text, "--low-rank") {
            let (key, value) = item
            switch key {
            case "energy", "params":
                options.lowRank = try policy(key, value, text)
            default:
                if value == "none" {
                    options.lowRankPerLayer[key] = .energy(1)
                } else if value.hasPrefix("params:") {
                    options.lowRankPerLayer[key] = try policy("params", String(value.dropFirst(7)), text)
                } else {
                    options.lowRankPerLayer[key] = try policy("energy", value, text)
                }
            }
        }
    }

    /// `--prune sparsity=S,steps=K,channels=F,auto=BUDGET,criterion=l1|l2|gamma,scale=raw|layer|channel,LAYER=S,channels:LAYER=F`.
    static func prune(_ text: String, into options: inout CompressionOptions) throws(UsageError) {
        for (key, value) in try items(text, "--prune") {
            switch key {
            case "sparsity":
                options.sparsity = try fraction(value, key, below: 1)
            case "channels":
                options.channels = try fraction(value, key, below: 1)
            case "criterion":
                switch value {
                case "l1": options.channelCriterion = .l1
                case "l2": options.channelCriterion = .l2
                case "gamma": options.channelCriterion = .batchNormGamma
                default: throw UsageError("--prune criterion must be l1, l2 or gamma, not '\(value)'")
                }
            case "bias":
                guard let choice = QuantizationOptions.Switch(rawValue: value) else {
                    throw UsageError("--prune bias must be on, off or auto, not '\(value)'")
                }
                options.pruningBiasCorrection = choice
            case "scale":
                options.magnitudeScale = try oneOf(value, "--prune scale")
            case "auto":
                options.sparsityBudget = try budget(value)
            case "steps":
                guard let steps = Int(value), steps >= 1, steps <= 100 else {
                    throw UsageError("--prune steps must be a whole number of pruning steps from 1 to 100, not '\(value)'")
                }
                options.pruningSteps = steps
            default:
                if key.hasPrefix("channels:") {
                    options.channelsPerLayer[String(key.dropFirst(9))] = try fraction(value, key, below: 1)
                } else {
                    options.sparsityPerLayer[key] = try fraction(value, key, below: 1)
                }
            }
        }
    }

    /// `--cluster N,LAYER=N,scope=tensor|channel,init=kmeans++|linear|density,seed=S`.
    static func cluster(_ text: String, into options: inout CompressionOptions) throws(UsageError) {
        func count(_ value: String, _ key: String) throws(UsageError) -> Int {
            guard let n = Int(value), CompressionOptions.clusterCounts.contains(n) else {
                throw UsageError("--cluster \(key): the number of shared values must be a whole number from 2 to 256, not '\(value)'")
            }
            return n
        }
        for item in text.split(separator: ",").map({ String($0).trimmingSpaces }) where !item.isEmpty {
            if !item.contains("=") {
                options.clusters = try count(item, "N")
                continue
            }
            let (key, value) = try items(item, "--cluster")[0]
            switch key {
            case "scope":
                options.clusterScope = try oneOf(value, "--cluster scope")
            case "init":
                options.clusterInitialization = try oneOf(value, "--cluster init")
            case "seed":
                guard let seed = UInt64(value) else { throw UsageError("--cluster seed must be a non-negative whole number, not '\(value)'") }
                options.clusterSeed = seed
            default:
                options.clustersPerLayer[key] = try count(value, key)
            }
        }
        guard options.hasClustering else { throw UsageError("--cluster needs the number of shared values, e.g. --cluster 16") }
    }

    /// `--weights int4|int8[,LAYER=int4|int8...]`.
    static func weights(_ text: String, into options: inout CompressionOptions) throws(UsageError) {
        func bits(_ value: String) throws(UsageError) -> Int {
            switch value {
            case "int8": return 8
            case "int4": return 4
            default: throw UsageError("--weights: a precision is int8 or int4, not '\(value)'")
            }
        }
        for item in text.split(separator: ",").map({ String($0).trimmingSpaces }) where !item.isEmpty {
            if !item.contains("=") {
                options.weightBits.standard = try bits(item)
                continue
            }
            let (layer, value) = try items(item, "--weights")[0]
            options.weightBits.perLayer[layer] = try bits(value)
        }
    }

    /// The case of `T` named `value`, or an error listing them: "OPTION must be a, b or c".
    private static func oneOf<T: RawRepresentable & CaseIterable>(_ value: String, _ option: String) throws(UsageError) -> T
        where T.RawValue == String {
        if let choice = T(rawValue: value) { return choice }
        let names = T.allCases.map(\.rawValue)
        let listed = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + names.last! : names.joined()
        throw UsageError("\(option) must be \(listed), not '\(value)'")
    }

    /// `auto=0.4` (a fraction of the dense int8 weight bytes), `auto=20000`, `auto=20000B`,
    /// `auto=20K` / `20KB` / `20KiB` (× 1024).
    static func budget(_ value: String) throws(UsageError) -> SparsityAllocation.Budget {
        if let f = Double(value), f > 0, f < 1 { return .fraction(f) }
        let lower = value.lowercased()
        var digits = lower, multiplier = 1
        for (suffix, factor) in [("kib", 1024), ("kb", 1024), ("k", 1024), ("b", 1)] where lower.hasSuffix(suffix) {
            digits = String(lower.dropLast(suffix.count))
            multiplier = factor
            break
        }
        guard let n = Int(digits), n > 0 else {
            throw UsageError("--prune auto needs a budget: a fraction of the dense int8 weights (0 < f < 1) or bytes (20000, 20K), not '\(value)'")
        }
        return .bytes(n * multiplier)
    }

    private static func items(_ text: String, _ option: String) throws(UsageError) -> [(String, String)] {
        var result: [(String, String)] = []
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw UsageError("\(option): expected KEY=VALUE items separated by commas, not '\(item)' in '\(text)'")
            }
            result.append((parts[0], parts[1]))
        }
        guard !result.isEmpty else { throw UsageError("\(option) needs a value") }
        return result
    }

    private static func policy(_ kind: String, _ value: String, _ text: String) throws(UsageError) -> LowRankPolicy {
        guard let v = Double(value), v > 0, v <= 1 else {
            throw UsageError("--low-rank: \(kind) must be a number in (0, 1], not '\(value)' in '\(text)'")
        }
        return kind == "energy" ? .energy(v) : .parameters(v)
    }

    private static func fraction(_ value: String, _ key: String, below limit: Double) throws(UsageError) -> Double {
        guard let v = Double(value), v >= 0, v < limit else {
            throw UsageError("--prune \(key): expected a fraction in [0, \(Int(limit))), not '\(value)'")
        }
        return v
    }
}

private extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
