import Foundation
import Testing
@testable import Runtime

/// The sandbox's path rule on its own: `..`, symbolic links, absolute paths, prefix tricks and
/// files that do not exist yet.
@Suite struct FileAccessPolicyTests {
    /// A fresh real folder holding `repo/` (the root), `repo2/` and `outside/`, each with a file.
    private func layout() throws -> (base: String, policy: FileAccessPolicy) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fti-policy-\(UUID().uuidString)")
        let base = FileAccessPolicy.realPath(url.path)
        for folder in ["repo/data", "repo2", "outside"] {
            try FileManager.default.createDirectory(atPath: base + "/" + folder, withIntermediateDirectories: true)
        }
        for file in ["repo/data/a.csv", "repo2/b.csv", "outside/secret.csv"] {
            try Data("x\n1\n".utf8).write(to: URL(fileURLWithPath: base + "/" + file))
        }
        return (base, FileAccessPolicy(roots: [base + "/repo"], explanation: "test"))
    }

    @Test func pathsInsideTheRootAreAllowed() throws {
        let (base, policy) = try layout()
        #expect(policy.allows(base + "/repo/data/a.csv"))
        #expect(policy.allows(base + "/repo"))
        #expect(policy.allows(base + "/repo/./data/../data/a.csv"))
    }

    @Test func dotDotOutOfTheRootIsRefused() throws {
        let (base, policy) = try layout()
        #expect(!policy.allows(base + "/repo/../outside/secret.csv"))
        #expect(!policy.allows(base + "/repo/data/../../outside/secret.csv"))
        #expect(!policy.allows(base + "/repo/missing/../../outside/secret.csv"))
        #expect(!policy.allows(base + "/repo/" + String(repeating: "../", count: 30) + "etc/passwd"))
    }

    @Test func absolutePathsElsewhereAreRefused() throws {
        let (base, policy) = try layout()
        #expect(!policy.allows("/etc/passwd"))
        #expect(!policy.allows("/"))
        #expect(!policy.allows(base))
    }

    @Test func aSiblingWithTheRootAsPrefixIsOutside() throws {
        let (base, policy) = try layout()
        #expect(!policy.allows(base + "/repo2/b.csv"))
        #expect(!policy.allows(base + "/repo2"))
        #expect(!policy.allows(base + "/repo-new.csv"))
    }

    @Test func symbolicLinksAreFollowed() throws {
        let (base, policy) = try layout()
        let manager = FileManager.default
        // A link inside the root that leads out, to a folder and to a file.
        try manager.createSymbolicLink(atPath: base + "/repo/escape", withDestinationPath: base + "/outside")
        try manager.createSymbolicLink(atPath: base + "/repo/secret.csv", withDestinationPath: "../outside/secret.csv")
        #expect(!policy.allows(base + "/repo/escape/secret.csv"))
        #expect(!policy.allows(base + "/repo/escape"))
        #expect(!policy.allows(base + "/repo/secret.csv"))
        // `..` after a link climbs from where the link points, as the kernel does.
        try manager.createSymbolicLink(atPath: base + "/repo/deep", withDestinationPath: base + "/outside")
        #expect(policy.allows(base + "/repo/deep/../repo/data/a.csv"))
        // Lexically this is /repo/outside/secret.csv; really it is /outside/secret.csv.
        #expect(!policy.allows(base + "/repo/deep/../outside/secret.csv"))
        try manager.createSymbolicLink(atPath: base + "/repo/up", withDestinationPath: base + "/repo/data")
        #expect(policy.allows(base + "/repo/up/a.csv"))
        #expect(policy.allows(base + "/repo/up/../data/a.csv"))
        // A link to a file that does not exist yet still points outside.
        try manager.createSymbolicLink(atPath: base + "/repo/dangling.csv", withDestinationPath: base + "/outside/new.csv")
        #expect(!policy.allows(base + "/repo/dangling.csv"))
        // A link outside that points in is fine: the real location decides.
        try manager.createSymbolicLink(atPath: base + "/outside/in", withDestinationPath: base + "/repo/data")
        #expect(policy.allows(base + "/outside/in/a.csv"))
    }

    @Test func aLinkLoopIsRefused() throws {
        let (base, policy) = try layout()
        try FileManager.default.createSymbolicLink(atPath: base + "/repo/loop1", withDestinationPath: base + "/repo/loop2")
        try FileManager.default.createSymbolicLink(atPath: base + "/repo/loop2", withDestinationPath: base + "/repo/loop1")
        #expect(!policy.allows(base + "/repo/loop1/x.csv"))
        #expect(FileAccessPolicy.realPath(base + "/repo/loop1") == "")
    }

    @Test func filesThatDoNotExistYetAreJudgedByWhereTheyWouldBe() throws {
        let (base, policy) = try layout()
        #expect(policy.allows(base + "/repo/new.csv"))
        #expect(policy.allows(base + "/repo/new/folder/file.csv"))
        #expect(!policy.allows(base + "/outside/new.csv"))
        #expect(!policy.allows(base + "/nowhere/new.csv"))
    }

    @Test func aRootGivenThroughALinkIsResolved() throws {
        let (base, _) = try layout()
        try FileManager.default.createSymbolicLink(atPath: base + "/link-to-repo", withDestinationPath: base + "/repo")
        let policy = FileAccessPolicy(roots: [base + "/link-to-repo"], explanation: "test")
        #expect(policy.roots == [base + "/repo"])
        #expect(policy.allows(base + "/repo/data/a.csv"))
        #expect(policy.allows(base + "/link-to-repo/data/a.csv"))
        #expect(!policy.allows(base + "/outside/secret.csv"))
    }

    @Test func severalRootsAndTheWholeFileSystem() throws {
        let (base, _) = try layout()
        let two = FileAccessPolicy(roots: [base + "/repo", base + "/outside", base + "/repo"], explanation: "test")
        #expect(two.roots.count == 2)
        #expect(two.rootList == "\(base)/repo and \(base)/outside")
        #expect(two.allows(base + "/outside/secret.csv"))
        #expect(!two.allows(base + "/repo2/b.csv"))
        let everything = FileAccessPolicy(roots: ["/"], explanation: "test")
        #expect(everything.allows("/etc/passwd"))
    }

    @Test func realPathNormalises() {
        #expect(FileAccessPolicy.realPath("/a/./b//c/../d") == "/a/b/d")
        #expect(FileAccessPolicy.realPath("/../..") == "/")
        #expect(FileAccessPolicy.realPath("/") == "/")
    }
}
