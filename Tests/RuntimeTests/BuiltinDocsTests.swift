import Foundation
import Lang
import Testing
@testable import Runtime

/// `docs/builtins.md` is generated from the builtin registry; these tests keep the two in step
/// and hold every builtin to having usable documentation.
@Suite struct BuiltinDocsTests {
    /// The checked-in reference page, found from this file's real location (the test folder may be a symlink).
    static var docsPath: String {
        let resolved = realpath(#filePath, nil).map { pointer -> String in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? #filePath
        let root = URL(fileURLWithPath: resolved).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("docs/builtins.md").path
    }

    @Test func docsMatchTheRegistry() throws {
        let expected = BuiltinDocs.markdown(Library.all)
        let path = Self.docsPath
        if ProcessInfo.processInfo.environment["FTI_UPDATE_DOCS"] == "1" {
            try Data(expected.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            return
        }
        let actual = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
        #expect(actual == expected, """
            \(path) does not match the builtin registry.
            Regenerate it: FTI_UPDATE_DOCS=1 swift test --filter BuiltinDocsTests
            """)
    }

    @Test func everyBuiltinIsDocumented() {
        var names: [String] = []
        for builtin in Library.all {
            #expect(!builtin.summary.trimmingCharacters(in: .whitespaces).isEmpty, "\(builtin.name) has no summary")
            #expect(!builtin.group.isEmpty, "\(builtin.name) has no group")
            #expect(builtin.signature.hasPrefix(builtin.name + "("), "the signature of \(builtin.name) is \(builtin.signature)")
            #expect(!builtin.summary.contains("\n") && !builtin.signature.contains("\n"), "\(builtin.name) must fit on one line")
            #expect(!names.contains(builtin.name), "\(builtin.name) is registered twice")
            names.append(builtin.name)
        }
    }

    @Test func markdownLayout() {
        let builtins = [
            Builtin(name: "b", parameters: [], signature: "b()", summary: "Second group", group: "two") { _, _ in .null },
            Builtin(name: "a", parameters: ["x"], elementwise: true, signature: "a(x)", summary: "Pipes | escaped", group: "one") { _, _ in .null },
            Builtin(name: "c", parameters: [], signature: "c()", summary: "Back to two", group: "two") { _, _ in .null },
        ]
        let text = BuiltinDocs.markdown(builtins)
        #expect(text.hasPrefix("# Builtins\n"))
        let two = text.range(of: "## two")
        let one = text.range(of: "## one")
        #expect(two != nil && one != nil)
        if let two, let one { #expect(two.lowerBound < one.lowerBound, "groups keep registration order") }
        #expect(text.contains("## two\n\n| builtin | what it does |\n| --- | --- |\n| `b()` | Second group |\n| `c()` | Back to two |\n"))
        #expect(text.contains("| `a(x)` | Pipes \\| escaped *(element-wise)* |"))
        #expect(text.hasSuffix("|\n"))
    }
}
