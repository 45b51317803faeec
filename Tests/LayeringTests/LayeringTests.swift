import Foundation
import Testing

/// Holds the import lines under Sources/ to the layering table of DESIGN.md (SwiftPM does not enforce it).
@Suite struct LayeringTests {
    /// Which of our modules each module may import.
    static let allowed: [String: Set<String>] = [
        "Lang": [],
        "Frame": ["CSQLite"],
        "Trees": ["Frame"],
        "Monitor": ["Trees", "Frame"],
        "Store": ["Trees", "Frame", "CSQLite"],
        "Runtime": ["Lang", "Frame", "Trees", "Monitor", "Store"],
        "Notebook": ["Runtime", "Lang"],
        "fti": ["Notebook", "Runtime", "Lang", "CEditLine"],
    ]
    static let ourModules: Set<String> = ["Lang", "Frame", "Trees", "Monitor", "Store", "Runtime", "Notebook", "fti", "CEditLine", "CSQLite"]

    static var sourcesDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
    }

    @Test func importsGoDownwardOnly() throws {
        let fileManager = FileManager.default
        let modules = try fileManager.contentsOfDirectory(atPath: Self.sourcesDirectory.path).sorted()
        var violations: [String] = []
        var checkedFiles = 0
        for module in modules {
            guard let allowed = Self.allowed[module] else { continue }
            let moduleURL = Self.sourcesDirectory.appendingPathComponent(module)
            guard let walker = fileManager.enumerator(atPath: moduleURL.path) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".swift") {
                checkedFiles += 1
                let text = try String(contentsOf: moduleURL.appendingPathComponent(relative), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ").map(String.init)
                    guard let importIndex = words.firstIndex(of: "import"), importIndex + 1 < words.count,
                          words[..<importIndex].allSatisfy({ $0.hasPrefix("@") }) else { continue }
                    let imported = words[importIndex + 1]
                    if Self.ourModules.contains(imported) && !allowed.contains(imported) {
                        violations.append("\(module)/\(relative) imports \(imported)")
                    }
                }
            }
        }
        #expect(checkedFiles > 10)
        #expect(violations.isEmpty, "layering violations: \(violations)")
    }
}
