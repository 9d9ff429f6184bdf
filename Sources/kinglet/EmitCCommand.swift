import Foundation
import KingletCompiler

/// `kinglet emit-c MODEL.kgl -o DIR [--name NAME] [--section SECTION]`
struct EmitCCommand: Command {
    static let name = "emit-c"
    static let abstract = "write a model as C source (NAME_model.c/.h) for a firmware build"
    static let help = """
    Usage: kinglet emit-c MODEL -o DIR [--name NAME] [--section SECTION]

    Writes DIR/NAME_model.h, DIR/NAME_model.c and DIR/NAME_operators.h: the
    model as a 16-byte-aligned
    const byte array NAME_model (read in place from flash by kgl_model_init),
    NAME_MODEL_BYTES, NAME_ARENA_BYTES (the arena to give kgl_model_init), and
    per input and output NAME_INPUT0_TYPE/_RANK/_DIMS/_BYTES/_SCALE/_ZERO_POINT.
    A comment at the top of both says where the model came from and which
    operators it uses. NAME_operators.h is a runtime configuration that builds
    only those kernels: compile the runtime with
    -DKGL_CONFIG_HEADER='"NAME_operators.h"' (and -ffunction-sections
    -Wl,--gc-sections to drop the rest). MODEL is a .kgl file, or an int8
    .tflite compiled in memory first. Files are written only when everything
    succeeded.

    In the firmware: compile NAME_model.c with the runtime (runtime-c/README.md),
    then

        static uint8_t arena[NAME_ARENA_BYTES] __attribute__((aligned(16)));
        kgl_model model;
        kgl_model_init(&model, NAME_model, NAME_MODEL_BYTES, arena, sizeof arena);

    Options:
      -o, --output DIR   directory for the two files (created if missing)
      --name NAME        C identifier for the files, array and macros
                         (default: from MODEL's file name)
      --section SECTION  also put the array in this linker section, e.g.
                         .rodata.model (GCC/Clang attribute)
      -h, --help         show this help
    """

    let model: String
    let directory: String
    let cName: String?
    let section: String?

    init(_ arguments: inout ArgumentList) throws(UsageError) {
        let output = try arguments.output()
        cName = try arguments.value("--name")
        section = try arguments.value("--section")
        let positionals = try arguments.positionals()
        guard positionals.count == 1 else {
            throw UsageError(positionals.isEmpty ? "missing MODEL" : "expected one MODEL, got \(positionals.count)")
        }
        guard let directory = output else { throw UsageError("missing -o DIR") }
        model = positionals[0]
        self.directory = directory
    }

    func run() throws -> Int32 {
        let kgl = try Compiler.kglBytes(model)
        let emitter = try CSourceEmitter(name: cName ?? CSourceEmitter.defaultName(for: model), section: section)
        let paths = try emitter.write(kgl, origin: URL(fileURLWithPath: model).lastPathComponent, to: directory)
        print("\(paths.joined(separator: ", ")): \(emitter.name)_model, \(kgl.count) bytes, arena \(try ModelReport(kgl: kgl, file: model).arenaBytes) bytes")
        return 0
    }
}
