import KingletIO

/// Typed reads of a layer's config with errors that name the layer and the option.
struct KerasOptions {
    let layer: KerasLayer

    /// Integers in a config beyond this are refused, so size arithmetic cannot overflow.
    static let maxInteger = 1 << 24

    private func checked(_ key: String, _ value: Int) throws -> Int {
        guard abs(value) <= Self.maxInteger else { throw invalid(key, "\(value) is out of range (at most \(Self.maxInteger))") }
        return value
    }

    var config: JSONValue { layer.config }

    func invalid(_ key: String, _ reason: String) -> ImportError {
        .invalid(format: "Keras", location: [layer.label, "option '\(key)'"], reason: reason)
    }

    func unsupported(_ key: String, _ reason: String) -> ImportError {
        .unsupported(format: "Keras", location: [layer.label, "option '\(key)'"], reason: reason)
    }

    func has(_ key: String) -> Bool {
        guard let value = config[key] else { return false }
        return !value.isNull
    }

    func int(_ key: String, default value: Int? = nil) throws -> Int {
        guard let json = config[key], !json.isNull else {
            if let value { return value }
            throw invalid(key, "missing")
        }
        // Keras 2 sometimes stores one-element tuples for scalars.
        if let list = json.array, list.count == 1, let only = list[0].int { return try checked(key, only) }
        guard let int = json.int else { throw invalid(key, "expected an integer, found \(json)") }
        return try checked(key, int)
    }

    /// An int or a list of `count` ints (kernel sizes, strides).
    func ints(_ key: String, count: Int, default value: [Int]? = nil) throws -> [Int] {
        guard let json = config[key], !json.isNull else {
            if let value { return value }
            throw invalid(key, "missing")
        }
        if let int = json.int { return [Int](repeating: try checked(key, int), count: count) }
        guard let list = json.array, list.count == count else {
            throw invalid(key, "expected \(count) integers, found \(json)")
        }
        return try list.map { item in
            guard let int = item.int else { throw invalid(key, "expected integers, found \(json)") }
            return try checked(key, int)
        }
    }

    /// A list of ints of any length (or one int).
    func intList(_ key: String) throws -> [Int] {
        guard let json = config[key], !json.isNull else { throw invalid(key, "missing") }
        if let int = json.int { return [try checked(key, int)] }
        guard let list = json.array, list.count <= 64 else { throw invalid(key, "expected a list of integers, found \(json)") }
        return try list.map { item in
            guard let int = item.int else { throw invalid(key, "expected integers, found \(json)") }
            return try checked(key, int)
        }
    }

    func double(_ key: String, default value: Double? = nil) throws -> Double {
        guard let json = config[key], !json.isNull else {
            if let value { return value }
            throw invalid(key, "missing")
        }
        guard let number = json.double, number.isFinite else { throw invalid(key, "expected a finite number, found \(json)") }
        return number
    }

    func optionalDouble(_ key: String) throws -> Double? {
        has(key) ? try double(key) : nil
    }

    /// A number or a list of numbers (Rescaling scale, Normalization mean).
    func doubles(_ key: String) throws -> [Double] {
        guard let json = config[key], !json.isNull else { throw invalid(key, "missing") }
        if let number = json.double, number.isFinite { return [number] }
        guard let list = json.array else { throw invalid(key, "expected numbers, found \(json)") }
        return try list.map { item in
            guard let number = item.double, number.isFinite else { throw invalid(key, "expected finite numbers") }
            return number
        }
    }

    func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let json = config[key], !json.isNull else { return value }
        guard let bool = json.bool else { throw invalid(key, "expected true or false, found \(json)") }
        return bool
    }

    func string(_ key: String, default value: String? = nil) throws -> String {
        guard let json = config[key], !json.isNull else {
            if let value { return value }
            throw invalid(key, "missing")
        }
        guard let string = json.string else { throw invalid(key, "expected a string, found \(json)") }
        return string
    }

    /// The activation's name: Keras writes a string, or a serialized function object.
    func activation(_ key: String = "activation") throws -> String {
        guard let json = config[key], !json.isNull else { return "linear" }
        if let name = json.string { return name }
        if let name = json["config"]?.string ?? json["config"]?["name"]?.string { return name }
        throw unsupported(key, "a custom activation object \(json)")
    }

    /// Refuses `channels_first`, which Kinglet does not convert.
    func requireChannelsLast() throws {
        let format = try string("data_format", default: "channels_last")
        guard format == "channels_last" else {
            throw unsupported("data_format", "'\(format)': Kinglet runs NHWC (channels_last); rebuild the model with data_format='channels_last'")
        }
    }

    /// Padding mode `same` or `valid` (and `causal` when allowed).
    func padding(allowCausal: Bool = false) throws -> String {
        let padding = try string("padding", default: "valid").lowercased()
        let allowed = allowCausal ? ["same", "valid", "causal"] : ["same", "valid"]
        guard allowed.contains(padding) else {
            throw unsupported("padding", "'\(padding)' (expected \(allowed.joined(separator: " or ")))")
        }
        return padding
    }
}
