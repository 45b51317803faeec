// swift-tools-version:6.0
import PackageDescription

// Module layering (imports go downward only; Tests/LayeringTests holds the code to it):
//   Lang      — the language, knows no engine
//   Frame     — columnar dataframe engine, knows no language
//   Trees     — gradient-boosted trees over Frame columns, knows no language
//   Monitor   — drift and performance estimation (NannyML's methods), knows no language
//   Store     — the SQLite feature store, knows no language
//   Runtime   — binds Frame into Lang: builtins, rendering
//   Notebook  — Markdown notebooks: parse, replay, diff, update
//   fti       — the executable: CLI and REPL (libedit)
let package = Package(
    name: "fti",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fti", targets: ["fti"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "Lang",
            // The interpreter's state lives in a class; dynamic exclusivity checks on every access
            // of it cost a quarter of the run time of call-heavy code (perf, fib(30)).
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .target(name: "Frame", dependencies: ["CSQLite"]),
        .target(
            name: "Trees",
            dependencies: ["Frame"],
            // Training state lives in final classes; exclusivity checks in the histogram loops
            // are pure overhead there (research/gbdt.md, 3.2 P0.5).
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .target(name: "Monitor", dependencies: ["Trees", "Frame"]),
        .target(name: "Store", dependencies: ["Trees", "Frame", "CSQLite"]),
        .target(name: "Runtime", dependencies: ["Lang", "Frame", "Trees", "Monitor", "Store"]),
        .target(name: "Notebook", dependencies: ["Runtime", "Lang"]),
        .executableTarget(
            name: "fti",
            dependencies: [
                "Notebook", "Runtime", "Lang", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What several test targets share (the seeded generator of the randomized tests).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LangTests", dependencies: ["Lang"]),
        .testTarget(name: "FrameTests", dependencies: ["Frame", "TestSupport"]),
        .testTarget(name: "TreesTests", dependencies: ["Trees", "Frame", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Trees", "Frame", "TestSupport"]),
        .testTarget(
            name: "MonitorTests", dependencies: ["Monitor", "Trees", "Frame", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "Lang", "Frame", "TestSupport"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "Runtime"]),
        .testTarget(name: "ftiTests", dependencies: ["fti", "TestSupport"], exclude: ["Hostile"]),
        .testTarget(name: "LayeringTests"),
    ]
)
