#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The sandbox rule for files: a path may be read or written only when its real location lies
/// inside one of the allowed roots (`fti replay` confines a notebook to its repository).
///
/// Paths are compared after resolving symbolic links and `..` the way the kernel would, so a
/// link or a `../` that leads out of a root is caught; what does not exist yet (a file about to be
/// written) is taken literally below its longest existing prefix. The check happens before the
/// file is opened; a link swapped in between the check and the open is out of its reach.
public struct FileAccessPolicy: Sendable, Equatable {
    /// The allowed folders, as real absolute paths (symbolic links resolved), in the order given.
    public let roots: [String]
    /// Why the rule exists and how to widen it, shown after a refusal (e.g. "…; add --allow PATH").
    public let explanation: String

    /// A policy allowing `roots` (absolute paths, or relative to the current directory).
    public init(roots: [String], explanation: String) {
        var resolved: [String] = []
        for root in roots {
            let real = Self.realPath(root)
            if !resolved.contains(real) { resolved.append(real) }
        }
        self.roots = resolved
        self.explanation = explanation
    }

    /// Whether `path` (absolute, or relative to the current directory) may be touched.
    public func allows(_ path: String) -> Bool {
        allows(realPath: Self.realPath(path), extraRoots: [])
    }

    /// Whether an already resolved path lies inside a root or one of `extraRoots` (real paths).
    func allows(realPath: String, extraRoots: [String]) -> Bool {
        // A NUL byte would cut the path short in the C calls that open it.
        if realPath.utf8.contains(0) { return false }
        return (roots + extraRoots).contains { Self.isInside(realPath, root: $0) }
    }

    /// Whether `path` equals `root` or lies below it; `/repo2` is not inside `/repo`.
    static func isInside(_ path: String, root: String) -> Bool {
        if root == "/" { return path.hasPrefix("/") }
        return path == root || path.hasPrefix(root + "/")
    }

    /// The roots as a refusal names them: `/repo`, or `/repo, /data and /tmp/x`.
    public var rootList: String {
        guard roots.count > 1, let last = roots.last else { return roots.first ?? "nothing" }
        return roots.dropLast().joined(separator: ", ") + " and " + last
    }

    /// The real absolute path of `path`: symbolic links resolved and `.`/`..` removed one component
    /// at a time, as the kernel walks it; below the longest existing prefix the rest is literal.
    /// A chain of more than 40 links (a loop) resolves to an empty string, which no root contains.
    public static func realPath(_ path: String) -> String {
        var pending: [Substring] = []
        if path.hasPrefix("/") {
            pending = Array(path.split(separator: "/").reversed())
        } else {
            pending = Array((currentDirectory() + "/" + path).split(separator: "/").reversed())
        }
        var components: [Substring] = []
        var links = 0
        var exists = true
        while let component = pending.popLast() {
            if component.isEmpty || component == "." { continue }
            if component == ".." {
                if !components.isEmpty { components.removeLast() }
                // Back in a folder that may exist: look at links again from here.
                exists = true
                continue
            }
            components.append(component)
            // Below a missing folder nothing can be a link: take the rest literally.
            guard exists else { continue }
            let current = "/" + components.joined(separator: "/")
            var status = stat()
            guard lstat(current, &status) == 0 else {
                exists = false
                continue
            }
            guard status.st_mode & S_IFMT == S_IFLNK else { continue }
            links += 1
            guard links <= 40, let target = linkTarget(current) else { return "" }
            components.removeLast()
            if target.hasPrefix("/") { components.removeAll() }
            pending.append(contentsOf: target.split(separator: "/").reversed())
        }
        return "/" + components.joined(separator: "/")
    }

    /// What a symbolic link points to, as written in the link.
    private static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The process's current directory ("/" when it cannot be read).
    private static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        let length = buffer.firstIndex(of: 0) ?? buffer.count
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
