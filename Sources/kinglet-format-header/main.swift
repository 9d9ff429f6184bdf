// Prints one C header generated from FormatSpec (GeneratedCHeader), named by its file name:
//   swift run kinglet-format-header kgl_format.h > runtime-c/include/kgl_format.h
//   swift run kinglet-format-header kgl_operator_selection.h > runtime-c/include/kgl_operator_selection.h
import Foundation
import KingletFormat

let names = GeneratedCHeader.allCases.map(\.fileName)
let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 1, let header = GeneratedCHeader(rawValue: arguments[0]) else {
    let given = arguments.isEmpty ? "no header named" : "'\(arguments.joined(separator: " "))' is not a header it makes"
    let message = "kinglet-format-header: \(given); give one of: \(names.joined(separator: ", "))\n"
        + "usage: swift run kinglet-format-header HEADER > runtime-c/include/HEADER\n"
    FileHandle.standardError.write(Data(message.utf8))
    exit(64)
}
print(header.text, terminator: "")
