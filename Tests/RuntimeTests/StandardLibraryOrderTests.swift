import Foundation
import Testing

@testable import Runtime

@Suite struct StandardLibraryOrderTests {
    /// A stdlib folder with the given files, and a session that loads it.
    func session(_ files: [String: String]) throws -> Session {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fti-stdlib-order-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        var options = SessionOptions(workingDirectory: folder.path)
        options.standardLibraryDirectory = folder.path
        return Session(options: options)
    }

    @Test func aFileMayCallAFunctionOfALaterFile() throws {
        let s = try session([
            "a.fti": "fn first(x) = second(x) + 1\n",
            "b.fti": "fn second(x) = x * 10\n",
        ])
        #expect(s.startupError == nil)
        #expect(s.show("first(4)") == "41")
    }

    @Test func aBrokenFileIsReportedAndTheOthersStillLoad() throws {
        let s = try session([
            "a.fti": "fn good(x) = x + 1\n",
            "b.fti": "fn broken(x) = x +\n",
            "c.fti": "fn later(x) = good(x) * 2\nlet boom = missing_name(1)\nfn after(x) = x\n",
        ])
        let problem = try #require(s.startupError)
        #expect(problem.hasPrefix("error: unexpected end of input"))
        #expect(problem.contains("b.fti:2:1"))
        #expect(problem.contains("note: the standard library file 'b.fti' was not loaded"))
        #expect(problem.contains("error: unknown name 'missing_name'"))
        #expect(problem.contains("note: the rest of the standard library file 'c.fti' was not loaded"))
        // The session still works: files that loaded are there, with c.fti up to its failure.
        #expect(s.show("good(1)") == "2")
        #expect(s.show("later(1)") == "4")
        #expect(s.show("after(1)").hasPrefix("error: 'after' is used before it is defined"))
    }

    @Test func theShippedStandardLibraryLoadsCleanly() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var options = SessionOptions(workingDirectory: root.path)
        options.standardLibraryDirectory = root.appendingPathComponent("stdlib").path
        let s = Session(options: options)
        #expect(s.startupError == nil)
        #expect(s.show("type_of(athletes)") == "\"function\"")
    }
}
