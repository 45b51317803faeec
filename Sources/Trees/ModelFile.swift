#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// fti's own model file: versioned JSON (`"format": "fti-gbdt"`, `"version": 1`, described in
/// docs/model-file.md) that records a model exactly and always gives the same bytes for it.
public enum ModelFile {
    /// The model as model-file text: fixed key order and layout, Doubles in their shortest
    /// round-trip form (NaN and infinities as the strings "NaN", "Infinity", "-Infinity").
    /// `parameters.threads` is not recorded (it never changes the model) and reads back as the default.
    public static func encode(_ model: BoostedModel) -> String {
        ModelFileEncoding.encode(model)
    }

    /// Reads model-file text, checking syntax (errors give line and column), every field's type
    /// and the trees' structure (errors name the field).
    public static func decode(_ text: String) throws(TreesError) -> BoostedModel {
        try decode(text, source: "model file")
    }

    /// Writes the model to `path` atomically: a temporary file beside it, flushed, then renamed.
    public static func write(_ model: BoostedModel, to path: String) throws(TreesError) {
        let bytes = Array(encode(model).utf8)
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        if name.isEmpty { throw TreesError(.io, "cannot write '\(path)': the path names a folder, not a file") }
        var attempt = 0
        var temporary = ""
        var descriptor: Int32 = -1
        while descriptor < 0 {
            temporary = "\(folder).\(name).tmp-\(getpid())-\(attempt)"
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor < 0 && (errno != EEXIST || attempt > 100) {
                throw TreesError(.io, "cannot write '\(path)': \(systemMessage(errno))")
            }
            attempt += 1
        }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var written = 0
            while written < buffer.count && failure == 0 {
                let result = systemWrite(descriptor, base + written, buffer.count - written)
                if result < 0 {
                    if errno != EINTR { failure = errno }
                } else {
                    written += result
                }
            }
        }
        if failure == 0 && fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw TreesError(.io, "cannot write '\(path)': \(systemMessage(failure))")
        }
    }

    /// Reads and decodes the model file at `path`; messages name the path.
    public static func read(from path: String) throws(TreesError) -> BoostedModel {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 { throw TreesError(.io, "cannot read '\(path)': \(systemMessage(errno))") }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw TreesError(.io, "cannot read '\(path)': \(systemMessage(errno))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw TreesError(.modelFile, "'\(path)': not a model file (the bytes are not UTF-8 text)")
        }
        return try decode(text, source: "'\(path)'")
    }

    /// Decodes `text`, naming it `source` in messages.
    static func decode(_ text: String, source: String) throws(TreesError) -> BoostedModel {
        let json = try ModelFileJSONParser.parse(text, source: source)
        return try ModelFileDecoding.model(from: json, source: source)
    }

    private static func systemRead(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(descriptor, bytes, count)
        #else
        return Darwin.read(descriptor, bytes, count)
        #endif
    }

    private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(descriptor, bytes, count)
        #else
        return Darwin.write(descriptor, bytes, count)
        #endif
    }

    private static func systemMessage(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
