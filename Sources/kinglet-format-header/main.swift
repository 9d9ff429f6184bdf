// Prints runtime-c/include/kgl_format.h, generated from FormatSpec:
//   swift run kinglet-format-header > runtime-c/include/kgl_format.h
import KingletFormat

print(FormatSpec.cHeader(), terminator: "")
