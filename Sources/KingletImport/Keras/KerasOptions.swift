import KingletIO

/// Typed reads of a layer's config, the one place config values are read: each accepts what
/// Keras's own deserialization accepts (`KerasConfigValue`) and refuses the rest with an error
/// that names the layer, the option and what was expected.
struct KerasOptions {
    let layer: KerasLayer

    /// What a `null` in the config means for an option: Keras passes `None` to the layer's
    /// `__init__`, which for some options selects the default (pooling strides, ReLU
    /// max_value, data_format, a Conv's groups in Keras 2) and for most is refused.
    enum Null {
        case refused
        case meansDefault
    }

    /// Integers in a config beyond this are refused, so size arithmetic cannot overflow.
    static let maxInteger = 1 << 24

    var config: JSONValue { layer.config }

    func invalid(_ key: String, _ reason: String) -> ImportError {
        .invalid(format: "Keras", location: [layer.label, "option '\(key)'"], reason: reason)
    }

    func unsupported(_ key: String, _ reason: String) -> ImportError {
        .unsupported(format: "Keras", location: [layer.label, "option '\(key)'"], reason: reason)
    }

    /// Whether the option is present and not null.
    func has(_ key: String) -> Bool {
        guard let value = config[key] else { return false }
        return !value.isNull
    }

    /// The option's value; nil when it is missing, or null where null means the default.
    private func value(_ key: String, null: Null) -> JSONValue? {
        guard let json = config[key] else { return nil }
        if json.isNull && null == .meansDefault { return nil }
        return json
    }

    /// Converts `json` by a Keras rule, turning a refusal into "expected …, found …".
    private func read<T>(_ key: String, _ json: JSONValue,
                         _ convert: (JSONValue) throws(KerasConfigValue.Refusal) -> T) throws -> T {
        do {
            return try convert(json)
        } catch {
            throw invalid(key, "expected \(error.expected), found \(KerasConfigValue.describe(json))")
        }
    }

    private func checked(_ key: String, _ value: Int) throws -> Int {
        guard abs(value) <= Self.maxInteger else { throw invalid(key, "\(value) is out of range (at most \(Self.maxInteger))") }
        return value
    }

    /// A flag: true, false, a number (0 is false) or null (false), as Python's truthiness
    /// reads them; the default only when the option is missing.
    func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let json = config[key] else { return value }
        return try read(key, json, KerasConfigValue.bool)
    }

    /// An integer; `form` says whether an integral float (`16.0`) is accepted.
    func int(_ key: String, default value: Int? = nil, form: KerasConfigValue.IntegerForm = .literal,
             null: Null = .refused) throws -> Int {
        guard let json = self.value(key, null: null) else {
            if let value { return value }
            throw invalid(key, "missing")
        }
        return try checked(key, try read(key, json) { json throws(KerasConfigValue.Refusal) in
            try KerasConfigValue.integer(json, form)
        })
    }

    /// An int or a list of `count` ints (kernel sizes, strides); `items` says whether the
    /// list's items may be integral floats.
    func ints(_ key: String, count: Int, default value: [Int]? = nil, items: KerasConfigValue.IntegerForm = .literal,
              null: Null = .refused) throws -> [Int] {
        guard let json = self.value(key, null: null) else {
            if let value { return value }
            throw invalid(key, "missing")
        }
        let values = try read(key, json) { json throws(KerasConfigValue.Refusal) in
            try KerasConfigValue.tuple(json, count: count, items: items)
        }
        return try values.map { try checked(key, $0) }
    }

    /// A list of ints of any length, or one int (axes, shapes, permutations).
    func intList(_ key: String, items: KerasConfigValue.IntegerForm = .literal) throws -> [Int] {
        guard let json = config[key] else { throw invalid(key, "missing") }
        let values = try read(key, json) { json throws(KerasConfigValue.Refusal) in
            try KerasConfigValue.integers(json, items: items)
        }
        return try values.map { try checked(key, $0) }
    }

    /// ZeroPadding/Cropping amounts: a (before, after) pair per spatial axis.
    func amounts(_ key: String, axes: Int, pairItems: KerasConfigValue.IntegerForm) throws -> [[Int]] {
        guard let json = config[key] else { throw invalid(key, "missing") }
        let pairs = try read(key, json) { json throws(KerasConfigValue.Refusal) in
            try KerasConfigValue.amounts(json, axes: axes, pairItems: pairItems)
        }
        guard pairs.joined().allSatisfy({ $0 >= 0 && $0 <= 1 << 16 }) else {
            throw invalid(key, "\(KerasConfigValue.describe(json)): amounts must be non-negative")
        }
        return pairs
    }

    /// A finite number (an integer or a float).
    func double(_ key: String, default value: Double? = nil, null: Null = .refused) throws -> Double {
        guard let json = self.value(key, null: null) else {
            if let value { return value }
            throw invalid(key, "missing")
        }
        return try read(key, json, KerasConfigValue.number)
    }

    /// A number whose absence or null means "none" (ReLU's max_value).
    func optionalDouble(_ key: String) throws -> Double? {
        has(key) ? try double(key) : nil
    }

    /// A number or a list of numbers (Rescaling scale, Normalization mean).
    func doubles(_ key: String) throws -> [Double] {
        guard let json = config[key] else { throw invalid(key, "missing") }
        return try read(key, json, KerasConfigValue.numbers)
    }

    func string(_ key: String, default value: String? = nil, null: Null = .refused) throws -> String {
        guard let json = self.value(key, null: null) else {
            if let value { return value }
            throw invalid(key, "missing")
        }
        return try read(key, json, KerasConfigValue.string)
    }

    /// The activation's name: Keras writes a string, or a serialized function object; null is
    /// `linear` (Keras's `activations.get(None)`). Names are case-sensitive, as in Keras.
    func activation(_ key: String = "activation") throws -> String {
        guard let json = config[key], !json.isNull else { return "linear" }
        if let name = json.string { return name }
        if let name = json["config"]?.string ?? json["config"]?["name"]?.string { return name }
        if json.object != nil { throw unsupported(key, "a custom activation object \(KerasConfigValue.describe(json))") }
        throw invalid(key, "expected an activation name, found \(KerasConfigValue.describe(json))")
    }

    /// Refuses `channels_first`, which Kinglet does not convert. Keras lowercases the name and
    /// reads null as the default, channels_last.
    func requireChannelsLast() throws {
        let format = try string("data_format", default: "channels_last", null: .meansDefault).lowercased()
        guard format == "channels_last" else {
            throw unsupported("data_format", "'\(format)': Kinglet runs NHWC (channels_last); rebuild the model with data_format='channels_last'")
        }
    }

    /// Padding mode `same` or `valid` (and `causal` when allowed), in any case as Keras
    /// lowercases it; null is refused, as Keras does.
    func padding(allowCausal: Bool = false) throws -> String {
        let padding = try string("padding", default: "valid").lowercased()
        let allowed = allowCausal ? ["same", "valid", "causal"] : ["same", "valid"]
        guard allowed.contains(padding) else {
            throw unsupported("padding", "'\(padding)' (expected \(allowed.joined(separator: " or ")))")
        }
        return padding
    }
}
