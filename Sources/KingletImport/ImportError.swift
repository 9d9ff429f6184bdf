import KingletIO

/// Everything an importer can report about a model file it cannot take.
///
/// `format` names the file kind ("TFLite", "Keras", ...). `location` is the path to the
/// offending element, outermost first, e.g. `["subgraph 0", "tensor 3 'conv/kernel'",
/// "quantization"]`; the description joins it with ": " so a message reads like
/// `TFLite: subgraph 0: tensor 3 'conv/kernel': quantization: 8 scales but 4 zero points`.
public enum ImportError: Error, Sendable, Hashable {
    /// The bytes are not a file of this format at all (wrong magic or identifier).
    case notRecognized(format: String, reason: String)

    /// The file is of this format but breaks one of its rules.
    case invalid(format: String, location: [String], reason: String)

    /// Bytes could not be read while decoding `location` (truncated file, offsets out of
    /// range, ...); `underlying` says exactly where.
    case unreadable(format: String, location: [String], underlying: IOError)

    /// The file is valid but uses something this importer does not handle.
    case unsupported(format: String, location: [String], reason: String)

    /// The same error with `outer` prepended to its location.
    public func nested(in outer: String) -> ImportError {
        switch self {
        case .notRecognized:
            return self
        case let .invalid(format, location, reason):
            return .invalid(format: format, location: [outer] + location, reason: reason)
        case let .unreadable(format, location, underlying):
            return .unreadable(format: format, location: [outer] + location, underlying: underlying)
        case let .unsupported(format, location, reason):
            return .unsupported(format: format, location: [outer] + location, reason: reason)
        }
    }

    /// The path to the offending element, outermost first (empty for the whole file).
    public var location: [String] {
        switch self {
        case .notRecognized: []
        case let .invalid(_, location, _), let .unreadable(_, location, _), let .unsupported(_, location, _): location
        }
    }
}

extension ImportError: CustomStringConvertible {
    public var description: String {
        func prefix(_ format: String, _ location: [String]) -> String {
            ([format] + location).joined(separator: ": ")
        }
        switch self {
        case let .notRecognized(format, reason):
            return "not a \(format) file: \(reason)"
        case let .invalid(format, location, reason):
            return "\(prefix(format, location)): \(reason)"
        case let .unreadable(format, location, underlying):
            return "\(prefix(format, location)): \(underlying)"
        case let .unsupported(format, location, reason):
            return "\(prefix(format, location)): not supported: \(reason)"
        }
    }
}
