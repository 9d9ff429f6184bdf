// swift-tools-version: 6.0
import PackageDescription

// Dependencies point down this list; nothing points up (see docs/ARCHITECTURE.md).
// `.ci/test` builds with SwiftPM's explicit-import check, so a module can import only
// what its target lists here.
let package = Package(
    name: "Kinglet",
    products: [
        .executable(name: "kinglet", targets: ["kinglet"]),
    ],
    targets: [
        .target(name: "KingletIO"),
        .target(name: "KingletIR"),
        .target(name: "KingletImport", dependencies: ["KingletIO", "KingletIR"]),
        .target(name: "KingletExport", dependencies: ["KingletIO", "KingletIR"]),
        .target(name: "KingletPasses", dependencies: ["KingletIR"]),
        .target(
            name: "KingletFormat", dependencies: ["KingletIO", "KingletIR"],
            // Float rounding (lowering) calls libm; Foundation-free executables need it named.
            linkerSettings: [.linkedLibrary("m")]
        ),
        // The reference int8 interpreter reads only what ships: the `.kgl` format.
        .target(name: "KingletInterpreter", dependencies: ["KingletFormat", "KingletIR"]),
        // The float reference interpreter runs the IR (Keras models, calibration).
        .target(name: "KingletFloatInterpreter", dependencies: ["KingletIR"]),
        // Float training over the IR: gradients, losses, optimizers, masks.
        // QAT simulates the int8 rules of KingletPasses' quantizer.
        // Optimized in debug builds too: unoptimized SIMD and array code trains ~100× slower,
        // which would make fine-tuning in the tests and the example take minutes.
        .target(name: "KingletTrain", dependencies: ["KingletIR", "KingletPasses", "KingletFormat"],
                swiftSettings: [.unsafeFlags(["-O"])]),
        .target(
            name: "KingletRuntimeC",
            path: "runtime-c",
            exclude: ["tests", "Makefile", "CMakeLists.txt", "README.md"],
            sources: ["src"],
            publicHeadersPath: "include",
            cSettings: [.unsafeFlags(["-std=c99", "-Wall", "-Wextra", "-Wpedantic"])]
        ),
        // The facade: every command of the CLI goes through it.
        .target(
            name: "KingletCompiler",
            dependencies: ["KingletIO", "KingletIR", "KingletImport", "KingletPasses", "KingletFormat",
                           "KingletInterpreter", "KingletFloatInterpreter", "KingletTrain", "KingletRuntimeC",
                           "KingletExport"]
        ),
        .executableTarget(name: "kinglet", dependencies: ["KingletCompiler", "KingletIO"]),
        .executableTarget(name: "kinglet-format-header", dependencies: ["KingletFormat"]),
        // Helpers every test target shares: the seeded generator, fixture paths.
        .target(name: "KingletTestSupport", dependencies: ["KingletIR"], path: "Tests/KingletTestSupport"),
        .testTarget(name: "KingletIOTests", dependencies: ["KingletIO", "KingletTestSupport"]),
        .testTarget(name: "KingletImportTests", dependencies: ["KingletImport", "KingletIO", "KingletIR", "KingletTestSupport"]),
        .testTarget(name: "KingletFormatTests", dependencies: ["KingletFormat", "KingletIR", "KingletTestSupport"]),
        .testTarget(name: "KingletInterpreterTests",
                    dependencies: ["KingletInterpreter", "KingletFormat", "KingletIR", "KingletIO",
                                   "KingletRuntimeC", "KingletTestSupport"]),
        .testTarget(name: "KingletFloatInterpreterTests",
                    dependencies: ["KingletFloatInterpreter", "KingletIR", "KingletTestSupport"]),
        .testTarget(name: "KingletTrainTests",
                    dependencies: ["KingletTrain", "KingletIR", "KingletImport", "KingletIO", "KingletPasses",
                                   "KingletFloatInterpreter", "KingletTestSupport"]),
        .testTarget(name: "KingletExportTests",
                    dependencies: ["KingletExport", "KingletImport", "KingletFloatInterpreter", "KingletIR",
                                   "KingletIO", "KingletPasses", "KingletTestSupport"]),
        .testTarget(name: "KingletPassesTests", dependencies: ["KingletPasses", "KingletIR", "KingletTestSupport"]),
        .testTarget(name: "KingletCompilerTests",
                    dependencies: ["KingletCompiler", "KingletFormat", "KingletIO", "KingletImport",
                                   "KingletInterpreter", "KingletFloatInterpreter", "KingletIR",
                                   "KingletPasses", "KingletTestSupport", "KingletTrain"]),
    ],
    swiftLanguageModes: [.v6]
)
