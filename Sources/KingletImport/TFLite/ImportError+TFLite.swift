import KingletIO

extension ImportError {
    static let tfliteFormat = "TFLite"

    /// Runs `body`, prefixing `location` to the location of any error it throws and
    /// turning byte-level `IOError`s into `.unreadable`.
    static func tflite<T, E: Error>(at location: @autoclosure () -> String,
                                    _ body: () throws(E) -> T) throws(ImportError) -> T {
        do {
            return try body()
        } catch {
            switch error {
            case let error as ImportError:
                throw error.nested(in: location())
            case let error as IOError:
                throw .unreadable(format: tfliteFormat, location: [location()], underlying: error)
            default:
                throw .invalid(format: tfliteFormat, location: [location()], reason: "\(error)")
            }
        }
    }

    static func tfliteInvalid(_ reason: String, at location: [String] = []) -> ImportError {
        .invalid(format: tfliteFormat, location: location, reason: reason)
    }

    static func tfliteUnsupported(_ reason: String, at location: [String] = []) -> ImportError {
        .unsupported(format: tfliteFormat, location: location, reason: reason)
    }
}
