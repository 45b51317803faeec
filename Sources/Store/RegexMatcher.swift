#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A compiled POSIX extended regular expression with search semantics (a match anywhere in the
/// text; anchor with `^…$` for a whole-string match), for the `matches` expectation.
///
/// Back-references (`\1`…`\9`) are refused: they are the one ERE feature whose matching time can
/// explode. Text is matched up to its first NUL byte.
final class RegexMatcher {
    /// The compiled expression, at a stable address as regcomp requires.
    private let compiled: UnsafeMutablePointer<regex_t>
    /// Holds the text of one row plus its NUL terminator, reused across rows.
    private var scratch: [CChar] = []

    /// Compiles `pattern`; `context` names the expectation in the error.
    init(pattern: String, context: String) throws(StoreError) {
        if pattern.utf8.count > 1_000 {
            throw StoreError(.invalidArgument, "\(context): the pattern is longer than 1000 bytes")
        }
        var previousWasBackslash = false
        for byte in pattern.utf8 {
            if previousWasBackslash && byte >= 0x31 && byte <= 0x39 {
                throw StoreError(.invalidArgument, "\(context): back-references such as \\1 are not supported")
            }
            previousWasBackslash = byte == 0x5C && !previousWasBackslash
        }
        if pattern.utf8.contains(0) {
            throw StoreError(.invalidArgument, "\(context): the pattern contains a NUL character")
        }
        // Compiled into a local first: once every property is set, a throw would still run deinit.
        let candidate = UnsafeMutablePointer<regex_t>.allocate(capacity: 1)
        let code = regcomp(candidate, pattern, REG_EXTENDED | REG_NOSUB)
        if code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            regerror(code, candidate, &buffer, buffer.count)
            candidate.deallocate()
            let reason = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw StoreError(.invalidArgument, "\(context): invalid regular expression: \(reason)")
        }
        compiled = candidate
    }

    deinit {
        regfree(compiled)
        compiled.deallocate()
    }

    /// Whether the UTF-8 text contains a match.
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        for byte in text {
            if byte == 0 { break }
            scratch.append(CChar(bitPattern: byte))
        }
        scratch.append(0)
        return scratch.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return regexec(compiled, base, 0, nil, 0) == 0
        }
    }

    /// Whether `text` contains a match.
    func matches(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { matches($0) }
    }
}
