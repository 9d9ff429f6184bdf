import Foundation
import KingletCompiler
import KingletFormat
import KingletIO
import Testing

/// `kinglet emit-c`: the C files compile into a fresh program with only the documented steps
/// (the runtime's sources and include directory, the emitted files, the runtime configured by
/// NAME_operators.h, kgl_model_init on the array), and that program computes the bytes the
/// Swift interpreter computes.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: KingletProcess.executable.path)
                && FileManager.default.isExecutableFile(atPath: "/usr/bin/cc"),
                "needs the built kinglet and a host C compiler"))
struct EmitCTests {
    @Test func emittedModelRunsInAFreshProgram() throws {
        let directory = try KingletProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fixtures = KingletProcess.repository.appendingPathComponent("Tests/Fixtures/tflite")
        let model = fixtures.appendingPathComponent("ds_cnn.tflite").path
        let emit = try KingletProcess.run(["emit-c", model, "-o", directory.path, "--name", "kws", "--section", ".rodata.model"])
        #expect(emit.status == 0, "\(emit.stderr)")
        let header = try String(contentsOf: directory.appendingPathComponent("kws_model.h"), encoding: .utf8)
        #expect(header.contains("#define KWS_ARENA_BYTES") && header.contains("#define KWS_INPUT0_DIMS { 1, 49, 10, 1 }"))
        let operators = try String(contentsOf: directory.appendingPathComponent("kws_operators.h"), encoding: .utf8)
        #expect(operators.contains("#define KGL_WITH_MEAN 1") && !operators.contains("KGL_WITH_ADD"))
        // A dense int8 model: no 16x8 kernels and no sparse paths in its runtime.
        #expect(operators.contains("#define KGL_ENABLE_INT16 0") && operators.contains("#define KGL_ENABLE_SPARSE 0"))
        // Its convolutions copy windows (the first) or are 1x1, its depthwise ones are 3x3 over
        // padded rows: the k x k and depthwise blocked paths are left out, those two kept.
        #expect(operators.contains("#define KGL_PATH_CONV_BLOCKED 0") && operators.contains("#define KGL_PATH_DEPTHWISE_BLOCKED 0"))
        #expect(!operators.contains("KGL_PATH_CONV_SMALL_WINDOW ") && !operators.contains("KGL_PATH_DEPTHWISE_3X3"))

        // The expected output, from the Swift interpreter on the fixture input.
        // The first sample of the fixture input, and what the Swift interpreter computes on it.
        let samples = try NpyArray(decoding: [UInt8](Data(contentsOf: fixtures.appendingPathComponent("ds_cnn.input0.npy"))))
        let input = try NpyArray(shape: [1, 49, 10, 1], dtype: .int8, data: Array(samples.data.prefix(490)))
        let expected = try Runner.run(try Compiler.kglBytes(model), inputs: [input], engine: .swift)[0].data
        #expect(expected.count == 12)

        let main = """
            #include <stdio.h>
            #include "kinglet.h"
            #include "kws_model.h"

            static const int8_t input[KWS_INPUT0_BYTES] = { \(input.data.map { String(Int8(bitPattern: $0)) }.joined(separator: ", ")) };
            static uint8_t arena[KWS_ARENA_BYTES] __attribute__((aligned(16)));

            int main(void) {
                kgl_model model;
                kgl_tensor in, out;
                kgl_status s = kgl_model_init(&model, kws_model, KWS_MODEL_BYTES, arena, sizeof arena);
                if (s != KGL_OK) { printf("init: %s\\n", kgl_status_str(s)); return 1; }
                kgl_model_input(&model, 0, &in);
                for (unsigned i = 0; i < KWS_INPUT0_BYTES; i++) ((int8_t *)in.data)[i] = input[i];
                kgl_model_invoke(&model);
                kgl_model_output(&model, 0, &out);
                for (unsigned i = 0; i < KWS_OUTPUT0_BYTES; i++) printf("%d\\n", ((const int8_t *)out.data)[i]);
                return 0;
            }
            """
        try main.write(to: directory.appendingPathComponent("main.c"), atomically: true, encoding: .utf8)
        let runtime = KingletProcess.repository.appendingPathComponent("runtime-c")
        let sources = try ["src", "src/operators", "src/kernels"].map { runtime.appendingPathComponent($0) }.flatMap { dir in
            try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".c") }.map { dir.appendingPathComponent($0).path }
        }
        let program = directory.appendingPathComponent("kws").path
        // Only the model's kernels: the runtime configured by the emitted kws_operators.h.
        let compile = try Self.shell("/usr/bin/cc", ["-std=c99", "-O1", "-Wall", "-Wextra", "-Werror",
                                                     "-DKGL_CONFIG_HEADER=\"kws_operators.h\"",
                                                     "-I", runtime.appendingPathComponent("include").path, "-I", directory.path,
                                                     directory.appendingPathComponent("main.c").path,
                                                     directory.appendingPathComponent("kws_model.c").path] + sources + ["-o", program])
        #expect(compile.status == 0, "\(compile.output.prefix(2000))")
        let run = try Self.shell(program, [])
        #expect(run.status == 0, "\(run.output)")
        let got = run.output.split(separator: "\n").compactMap { Int8($0) }.map { UInt8(bitPattern: $0) }
        #expect(got == expected)

        // The single-file runtime (runtime-c/tools/amalgamate.sh), for Arduino-style builds.
        let single = directory.appendingPathComponent("single")
        let amalgamate = try Self.shell("/bin/sh", [runtime.appendingPathComponent("tools/amalgamate.sh").path, single.path])
        #expect(amalgamate.status == 0, "\(amalgamate.output)")
        let amalgamated = try Self.shell("/usr/bin/cc", ["-std=c99", "-O1", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
                                                         "-DKGL_CONFIG_HEADER=\"kws_operators.h\"",
                                                         "-I", single.path, "-I", directory.path,
                                                         directory.appendingPathComponent("main.c").path,
                                                         directory.appendingPathComponent("kws_model.c").path,
                                                         single.appendingPathComponent("kinglet.c").path, "-o", program])
        #expect(amalgamated.status == 0, "\(amalgamated.output.prefix(2000))")
        let singleRun = try Self.shell(program, [])
        #expect(singleRun.output.split(separator: "\n").compactMap { Int8($0) }.map { UInt8(bitPattern: $0) } == expected)

        // A runtime built without one of the model's kernels refuses the model at load.
        let partial = try Self.shell("/usr/bin/cc", ["-std=c99", "-O1", "-DKGL_SELECT_OPERATORS", "-DKGL_WITH_CONV_2D=1",
                                                     "-I", runtime.appendingPathComponent("include").path, "-I", directory.path,
                                                     directory.appendingPathComponent("main.c").path,
                                                     directory.appendingPathComponent("kws_model.c").path] + sources + ["-o", program])
        #expect(partial.status == 0, "\(partial.output.prefix(2000))")
        let refused = try Self.shell(program, [])
        #expect(refused.status == 1 && refused.output.contains("not built into this runtime"), "\(refused.output)")
    }

    @Test func refusesNamesThatAreNotCIdentifiers() throws {
        let model = KingletProcess.repository.appendingPathComponent("Tests/Fixtures/tflite/ds_cnn.tflite").path
        let result = try KingletProcess.run(["emit-c", model, "-o", "/tmp/kinglet-unused", "--name", "2fast"])
        #expect(result.status == 1 && result.stderr.contains("C identifier"), "\(result.stderr)")
        #expect(CSourceEmitter.defaultName(for: "models/kws-small.v2.kgl") == "kws_small_v2")
        #expect(CSourceEmitter.defaultName(for: "9lives.kgl") == "model_9lives")
    }

    static func shell(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
