import Foundation
import Lang
@testable import Runtime

/// A session for builtin tests, working in a fresh temporary folder holding `files`.
func builtinSession(_ files: [String: String] = [:], configure: (inout SessionOptions) -> Void = { _ in }) throws -> Session {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fti-builtins-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, text) in files.sorted(by: { $0.key < $1.key }) {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }
    var options = SessionOptions(workingDirectory: folder.path)
    configure(&options)
    return Session(options: options)
}

extension Session {
    /// What `code` displays, without the final line break; "error: …" (first line) when it fails.
    func show(_ code: String) -> String {
        let result = evaluate(code, sourceName: "<t>")
        if let error = result.error {
            return String(error.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        }
        return result.output.hasSuffix("\n") ? String(result.output.dropLast()) : result.output
    }

    /// The full rendered diagnostic of `code`, or nil when it succeeds.
    func failure(_ code: String) -> String? {
        evaluate(code, sourceName: "<t>").error
    }
}
