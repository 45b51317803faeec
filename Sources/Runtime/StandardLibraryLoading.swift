import Foundation
import Lang

extension Session {
    /// Loads every `*.fti` file in the folder and returns the rendered problems, or nil when all loaded.
    ///
    /// All files are parsed and their top-level names declared before any of them runs, so a
    /// function body may call a function of a file that sorts later (names in bodies are read
    /// when called, not when loaded). A file that fails to parse or run is reported with its
    /// file, line and column and the rest still load, so one broken file never leaves a session
    /// without the whole library.
    func loadStandardLibrary(from folder: String) -> String? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".fti") }.sorted()
        var problems: [String] = []
        var units: [(name: String, statements: [Statement])] = []
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                problems.append("error: cannot read the standard library file '\(path)'")
                continue
            }
            do {
                units.append((name, try Parser.parse(SourceFile(name: path, text: text))))
            } catch {
                problems.append(error.rendered() + "\nnote: the standard library file '\(name)' was not loaded")
            }
        }
        for unit in units { interpreter.declareTopLevelNames(of: unit.statements) }
        for unit in units {
            do {
                try interpreter.run(unit.statements) { _, _ in }
            } catch {
                problems.append(error.rendered() + "\nnote: the rest of the standard library file '\(unit.name)' was not loaded")
            }
        }
        return problems.isEmpty ? nil : problems.joined(separator: "\n")
    }
}
