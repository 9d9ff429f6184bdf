import KingletIO

/// One entry of the model's operator table (schema table `OperatorCode`): which builtin
/// or custom operator, and which version of it.
public struct TFLiteOperatorCode: Sendable, Hashable {
    /// The effective builtin code: the larger of `deprecatedBuiltinCode` and
    /// `extendedBuiltinCode`, as TFLite resolves it. Files older than schema 3a only set
    /// the byte; newer files set both, with the byte capped at 127
    /// (PLACEHOLDER_FOR_GREATER_OP_CODES) for codes beyond it.
    public var builtinCode: TFLiteBuiltinOperator
    /// The original one-byte `deprecated_builtin_code` field.
    public var deprecatedBuiltinCode: Int8
    /// The int32 `builtin_code` field.
    public var extendedBuiltinCode: Int32
    /// Name of a custom operator (when `builtinCode` is CUSTOM).
    public var customCode: String?
    public var version: Int32

    /// A code as a file stores it; the effective `builtinCode` is derived.
    public init(deprecatedBuiltinCode: Int8 = 0, extendedBuiltinCode: Int32 = 0,
                customCode: String? = nil, version: Int32 = 1) {
        self.deprecatedBuiltinCode = deprecatedBuiltinCode
        self.extendedBuiltinCode = extendedBuiltinCode
        self.builtinCode = TFLiteBuiltinOperator(rawValue: Swift.max(Int32(deprecatedBuiltinCode), extendedBuiltinCode))
        self.customCode = customCode
        self.version = version
    }

    /// A code for `builtin`, with both fields filled in the way current converters do.
    public init(builtin: TFLiteBuiltinOperator, customCode: String? = nil, version: Int32 = 1) {
        self.init(deprecatedBuiltinCode: Int8(clamping: Swift.min(builtin.rawValue, 127)),
                  extendedBuiltinCode: builtin.rawValue, customCode: customCode, version: version)
    }

    /// "CONV_2D v3", or the custom name for custom operators.
    public var displayName: String {
        if builtinCode == .custom, let customCode { return "CUSTOM '\(customCode)'" }
        return version == 1 ? builtinCode.name : "\(builtinCode.name) v\(version)"
    }

    private enum Field {
        static let deprecatedBuiltinCode = 0, customCode = 1, version = 2, builtinCode = 3
    }

    init(table: FlatBufferTable, index: Int) throws(ImportError) {
        self = try ImportError.tflite(at: "operator code \(index)") {
            let code = TFLiteOperatorCode(
                deprecatedBuiltinCode: try table.scalar(Field.deprecatedBuiltinCode, default: 0),
                extendedBuiltinCode: try table.scalar(Field.builtinCode, default: 0),
                customCode: try table.string(Field.customCode),
                version: try table.scalar(Field.version, default: 1))
            guard code.builtinCode.rawValue >= 0 else {
                throw ImportError.tfliteInvalid("builtin code \(code.builtinCode.rawValue) is negative")
            }
            guard code.builtinCode != .custom || code.customCode != nil else {
                throw ImportError.tfliteInvalid("CUSTOM operator without a custom_code name")
            }
            return code
        }
    }
}
