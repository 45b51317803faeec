import Foundation

/// Finds the Markdown files under a folder, for `fti replay FOLDER`.
public enum NotebookDiscovery {
    /// Every `.md` file under `folder`, recursively, sorted by the bytes of its path; hidden
    /// entries (names starting with ".", which covers `.build*` and `.git`) and symbolic links to
    /// folders are skipped. Paths are `folder` joined with the relative path, so a relative
    /// folder gives relative paths. Whether a file holds fti cells is the caller's question.
    public static func markdownFiles(in folder: String, resolvingAgainst base: String? = nil) -> [String] {
        var found: [String] = []
        collect(folder, absolute: absolutePath(folder, base: base), into: &found)
        return found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Walks one folder level; `path` is for display, `absolute` for the file system.
    private static func collect(_ path: String, absolute: String, into found: inout [String]) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: absolute) else { return }
        for name in names where !name.hasPrefix(".") {
            let childPath = join(path, name)
            let childAbsolute = join(absolute, name)
            guard let type = (try? manager.attributesOfItem(atPath: childAbsolute))?[.type] as? FileAttributeType
            else { continue }
            if type == .typeDirectory {
                collect(childPath, absolute: childAbsolute, into: &found)
            } else if name.hasSuffix(".md"), type == .typeRegular || isFile(childAbsolute) {
                found.append(childPath)
            }
        }
    }

    /// Whether `path` (possibly a symbolic link) leads to a regular file.
    private static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// `folder/name`, without doubling a slash or keeping a leading "./".
    static func join(_ folder: String, _ name: String) -> String {
        if folder == "." { return name }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// `path` made absolute against `base` (default: the current directory), with `.`/`..` resolved.
    static func absolutePath(_ path: String, base: String?) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
        let directory = base ?? FileManager.default.currentDirectoryPath
        return URL(fileURLWithPath: join(directory, path)).standardizedFileURL.path
    }
}
