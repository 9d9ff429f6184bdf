/// Hands out the layer names of an exported model: unique, and valid where Keras and the
/// TensorFlow backend use them (a Keras name must not contain "/", a TensorFlow name scope
/// takes letters, digits and `_.-` and starts with a letter, digit or ".").
struct KerasLayerNames: Sendable {
    private var used: Set<String> = []

    /// `preferred` made valid ("dense_1/low_rank" → "dense_1_low_rank"; "" → `fallback`),
    /// then made unique with the first free suffix "_1", "_2", ….
    mutating func claim(_ preferred: String, fallback: String) -> String {
        var base = Self.sanitized(preferred)
        if base.isEmpty { base = Self.sanitized(fallback) }
        if base.isEmpty { base = "layer" }
        var name = base
        var suffix = 1
        while used.contains(name) {
            name = "\(base)_\(suffix)"
            suffix += 1
        }
        used.insert(name)
        return name
    }

    static func sanitized(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            let allowed = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                                             || scalar == "_" || scalar == "." || scalar == "-")
            scalars.append(allowed ? scalar : "_")
        }
        var text = String(scalars)
        if let first = text.unicodeScalars.first, first == "_" || first == "-" { text = "layer" + text }
        return text
    }
}
