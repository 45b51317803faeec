// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for fti (issue 10). A package of its own, so the main package's `swift build`
// and `swift test` never compile these: its module folders are symlinks to ../../Sources/<Module>.
// Build and run with `make fuzz` from the repository root, which adds
// `-Xswiftc -sanitize=fuzzer,address` and uses the build folder fuzz/.build-fuzz.
let package = Package(
    name: "fti-fuzz",
    platforms: [.macOS(.v15)],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "Lang"),
        .target(name: "Frame", dependencies: ["CSQLite"]),
        .target(name: "Trees", dependencies: ["Frame"]),
        .target(name: "Monitor", dependencies: ["Trees", "Frame"]),
        .target(name: "Store", dependencies: ["Trees", "Frame", "CSQLite"]),
        .target(name: "Runtime", dependencies: ["Lang", "Frame", "Trees", "Monitor", "Store"]),
        .target(name: "Notebook", dependencies: ["Runtime", "Lang"]),
        // libFuzzer's driver entry point (its runtime comes with -sanitize=fuzzer).
        .systemLibrary(name: "CFuzzer"),
        // One executable per fuzz target: its main.swift hands the command line to libFuzzer.
        .executableTarget(name: "FuzzParser", dependencies: ["Lang", "CFuzzer"]),
        .executableTarget(name: "FuzzInterpreter", dependencies: ["Runtime", "Lang", "CFuzzer"]),
        .executableTarget(name: "FuzzCSV", dependencies: ["Frame", "CFuzzer"]),
        .executableTarget(name: "FuzzNotebook", dependencies: ["Notebook", "CFuzzer"]),
    ]
)
