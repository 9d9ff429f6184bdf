// swift-tools-version: 6.0
import PackageDescription

// Dependencies point down this list; nothing points up (see docs/ARCHITECTURE.md).
let package = Package(
    name: "Kinglet",
    products: [
        .executable(name: "kinglet", targets: ["kinglet"]),
    ],
    targets: [
        .target(name: "KingletIO"),
        .target(name: "KingletIR"),
        .target(name: "KingletImport", dependencies: ["KingletIO", "KingletIR"]),
        .target(name: "KingletPasses", dependencies: ["KingletIR"]),
        .target(
            name: "KingletFormat", dependencies: ["KingletIO", "KingletIR"],
            // Float rounding (lowering) calls libm; Foundation-free executables need it named.
            linkerSettings: [.linkedLibrary("m")]
        ),
        .target(name: "KingletInterpreter", dependencies: ["KingletIR", "KingletFormat"]),
        .target(
            name: "KingletRuntimeC",
            path: "runtime-c",
            exclude: ["tests", "Makefile", "CMakeLists.txt", "README.md"],
            sources: ["src"],
            publicHeadersPath: "include",
            cSettings: [.unsafeFlags(["-std=c99", "-Wall", "-Wextra", "-Wpedantic"])]
        ),
        .target(
            name: "KingletCompiler",
            dependencies: ["KingletIO", "KingletIR", "KingletImport", "KingletPasses",
                           "KingletFormat", "KingletInterpreter", "KingletRuntimeC"]
        ),
        .executableTarget(name: "kinglet", dependencies: ["KingletCompiler", "KingletFormat", "KingletIO", "KingletIR", "KingletPasses"]),
        .executableTarget(name: "kinglet-format-header", dependencies: ["KingletFormat"]),
        .testTarget(name: "KingletIOTests", dependencies: ["KingletIO"]),
        .testTarget(name: "KingletImportTests", dependencies: ["KingletImport"],
                    resources: []),
        .testTarget(name: "KingletFormatTests", dependencies: ["KingletFormat"]),
        .testTarget(name: "KingletInterpreterTests",
                    dependencies: ["KingletInterpreter", "KingletIR", "KingletIO", "KingletRuntimeC"]),
        .testTarget(name: "KingletPassesTests", dependencies: ["KingletPasses", "KingletIR"]),
        .testTarget(name: "KingletCompilerTests",
                    dependencies: ["KingletCompiler", "KingletFormat", "KingletIO", "KingletImport",
                                   "KingletInterpreter", "KingletIR", "KingletPasses"]),
    ],
    swiftLanguageModes: [.v6]
)
