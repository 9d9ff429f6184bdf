extension FormatSpec {
    /// The text of `runtime-c/include/kgl_format.h`, generated from this definition: the
    /// layout, and the lists of operator kinds and their facts (16x8 variant, filter axis).
    public static func cHeader() -> String {
        var out = """
        /*
         * kgl_format.h: the .kgl v\(versionMajor).\(versionMinor) file layout, as C structs that mirror it.
         *
         * GENERATED from Sources/KingletFormat/Spec by `swift run kinglet-format-header kgl_format.h`.
         * Do not edit: change FormatSpec and regenerate; a test fails when the two disagree.
         * docs/FORMAT.md explains every field.
         */
        #ifndef KGL_FORMAT_H
        #define KGL_FORMAT_H

        #include <stddef.h>
        #include <stdint.h>

        #define KGL_MAGIC 0x\(hex(magic))u
        #define KGL_VERSION_MAJOR \(versionMajor)
        #define KGL_VERSION_MINOR \(versionMinor)
        #define KGL_ALIGNMENT \(alignment)
        #define KGL_MAX_RANK \(maxRank)
        #define KGL_OPTION_SLOTS \(optionSlots)
        #define KGL_NO_NAME 0x\(hex(noName))u
        #define KGL_FLAG_HAS_NAMES \(flagHasNames)u

        #define KGL_LOCATION_ARENA \(locationArena)
        #define KGL_LOCATION_CONSTANT \(locationConstant)
        #define KGL_LOCATION_SPARSE \(locationSparse)
        #define KGL_LOCATION_FUSED \(locationFused)

        #define KGL_QUANT_NONE \(quantNone)
        #define KGL_QUANT_PER_TENSOR \(quantPerTensor)
        #define KGL_QUANT_PER_CHANNEL \(quantPerChannel)


        """
        for type in KglElementType.known {
            out += "#define KGL_TYPE_\(type.cName) \(type.rawValue)\n"
        }
        out += "\n/* Operator kinds: X(code, NAME, stem, min inputs, max inputs, outputs); kernels are kgl_<stem>_s8. */\n"
        out += "#define KGL_OPERATORS(X) \\\n"
        out += operators.map {
            "    X(\($0.kind.rawValue), \($0.name), \($0.cStem), \($0.inputs.lowerBound), \($0.inputs.upperBound), \($0.outputs))"
        }
            .joined(separator: " \\\n")
        out += "\n\n"
        out += "/* Kinds with a 16x8 variant kgl_<stem>_s16 (int16 activations, int8 weights), which runs\n"
        out += "   when the operator's first input or first output is int16. Same X arguments. */\n"
        out += "#define KGL_OPERATORS_S16(X) \\\n"
        out += operators.filter(\.int16Activations).map {
            "    X(\($0.kind.rawValue), \($0.name), \($0.cStem), \($0.inputs.lowerBound), \($0.inputs.upperBound), \($0.outputs))"
        }
            .joined(separator: " \\\n")
        out += "\n\n"
        out += "/* Kinds whose input 1 is a filter of per-channel int8 weights: X(code, NAME, stem, axis),\n"
        out += "   axis being the filter's output-channel axis, along which its rows run when it is stored\n"
        out += "   sparse (format 1.4; no other operand may be). */\n"
        out += "#define KGL_OPERATORS_WITH_FILTER(X) \\\n"
        out += operators.compactMap { op in
            op.sparseRowAxis.map { "    X(\(op.kind.rawValue), \(op.name), \(op.cStem), \($0))" }
        }
            .joined(separator: " \\\n")
        out += "\n\n"
        for op in operators {
            out += "#define KGL_OP_\(op.name) \(op.kind.rawValue)\n"
        }
        out += "\n"
        out += cStruct(header)
        out += cStruct(tensor)
        out += cStruct(self.operator)
        var emitted: Set<String> = []
        for op in operators where !emitted.contains(op.optionsCName) {
            emitted.insert(op.optionsCName)
            let layout = RecordLayout(
                cName: op.optionsCName, fields: op.optionNames.map { RecordField($0, .i32) })
            out += cStruct(layout, maxBytes: optionSlots * 4)
        }
        out += "#endif /* KGL_FORMAT_H */\n"
        return out
    }

    /// The text of `runtime-c/include/kgl_operator_selection.h`: the build's default for
    /// each kind's `KGL_WITH_<NAME>` (a build option, so kept out of the layout header).
    public static func cOperatorSelectionHeader() -> String {
        var out = """
        /*
         * kgl_operator_selection.h: which operator kinds this build of the runtime dispatches.
         *
         * GENERATED from Sources/KingletFormat/Spec by
         * `swift run kinglet-format-header kgl_operator_selection.h`.
         * Do not edit: change FormatSpec and regenerate; a test fails when the two disagree.
         *
         * By default every kind is built. With KGL_SELECT_OPERATORS defined (kgl_config.h, or
         * the NAME_operators.h that `kinglet emit-c` writes), only the kinds with KGL_WITH_<NAME>
         * defined to 1 are dispatched; the others are refused at load with
         * KGL_ERROR_UNSUPPORTED_OPERATOR and their kernels are dropped by the linker
         * (-ffunction-sections -Wl,--gc-sections).
         */
        #ifndef KGL_OPERATOR_SELECTION_H
        #define KGL_OPERATOR_SELECTION_H


        """
        for op in operators {
            out += "#ifndef KGL_WITH_\(op.name)\n#ifdef KGL_SELECT_OPERATORS\n#define KGL_WITH_\(op.name) 0\n#else\n#define KGL_WITH_\(op.name) 1\n#endif\n#endif\n"
        }
        out += "\n#endif /* KGL_OPERATOR_SELECTION_H */\n"
        return out
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// A struct plus C99 compile-time checks (array-size tricks) of its size and offsets.
    private static func cStruct(_ layout: RecordLayout, maxBytes: Int? = nil) -> String {
        var out = "typedef struct {\n"
        for field in layout.fields {
            let array = field.count > 1 ? "[\(field.count)]" : ""
            out += "    \(field.type.cName) \(field.name)\(array);\n"
        }
        out += "} \(layout.cName);\n"
        if let maxBytes {
            out += "typedef char \(layout.cName)_fits[(sizeof(\(layout.cName)) <= \(maxBytes)) ? 1 : -1];\n"
        } else {
            out += "typedef char \(layout.cName)_size[(sizeof(\(layout.cName)) == \(layout.byteCount)) ? 1 : -1];\n"
        }
        for field in layout.fields {
            let offset = layout.offset(of: field.name)
            out += "typedef char \(layout.cName)_\(field.name)_at[(offsetof(\(layout.cName), \(field.name)) == \(offset)) ? 1 : -1];\n"
        }
        return out + "\n"
    }
}
