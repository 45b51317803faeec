#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CEditLine

/// The interactive line editor (libedit's readline-compatible API): editing, history with
/// Up/Ctrl-R, Tab completion, continuation lines and Ctrl-C handling.
///
/// Use it only when stdin and stdout are both terminals; with a pipe libedit neither prompts nor
/// edits, so the REPL reads plainly instead. Creating one touches nothing: the locale, libedit,
/// the SIGINT handler and the history file are set up on the first `readEntry`. libedit's
/// readline layer is process-global, so there must be at most one `LineEditor`.
final class LineEditor {
    /// What one `readEntry` produced.
    enum ReadResult: Equatable {
        /// A complete entry; continuation lines are joined with "\n".
        case line(String)
        /// Ctrl-C: the pending input was discarded.
        case interrupted
        /// Ctrl-D on an empty first line.
        case endOfInput
    }

    /// Proposes full replacement words for `word`, the text that starts at `wordStart`
    /// (a `Character` offset) in `line` and ends at the cursor.
    typealias Completer = (_ line: String, _ wordStart: Int, _ word: String) -> [String]

    /// Characters that end a word for completion. `.` is deliberately absent, so `.tem` and
    /// `w.tem` are whole words, nor `:` and `?` (`:load`, `?name`) or `_`.
    static let defaultWordBreakCharacters = " \t\n\"'`@$><=;|&{}()[],+-*/%!^~#"

    private let history: HistoryFile?
    private let completer: Completer
    private let wordBreakCharacters: String
    private var isSetUp = false
    /// The newest history entry, for skipping consecutive duplicates.
    private var lastEntry: String?

    /// An editor whose history lives at `historyPath` (nil: in memory only) and whose Tab key
    /// asks `completer`. Nothing is read, written or installed until the first `readEntry`.
    init(
        historyPath: String?,
        historyLimit: Int = 1000,
        wordBreakCharacters: String = LineEditor.defaultWordBreakCharacters,
        completer: @escaping Completer
    ) {
        self.history = historyPath.map { HistoryFile(path: $0, limit: historyLimit) }
        self.completer = completer
        self.wordBreakCharacters = wordBreakCharacters
    }

    /// Reads one complete entry: keeps reading continuation lines while `isIncomplete(buffer)`
    /// says so; Ctrl-C discards the pending buffer and returns `.interrupted`; Ctrl-D on an empty
    /// first line returns `.endOfInput`, and at a continuation prompt hands the unfinished text
    /// over as `.line` so the parser can report what is missing. A complete entry is added to
    /// the history (memory and file) unless it starts with a space or repeats the previous one.
    func readEntry(prompt: String, continuationPrompt: String, isIncomplete: (String) -> Bool) -> ReadResult {
        setUpIfNeeded()
        // A Ctrl-C pressed while nothing was reading is stale; forget it.
        Interrupt.clear()
        lineEditorCompleter = completer
        defer { lineEditorCompleter = nil }
        var buffer: String?
        while true {
            guard let raw = readline(buffer == nil ? prompt : continuationPrompt) else {
                if Interrupt.consume() {
                    // Like bash and GNU readline: show the ^C and leave the abandoned line.
                    print("^C")
                    return .interrupted
                }
                guard let pending = buffer else {
                    print()
                    return .endOfInput
                }
                print()
                remember(pending)
                return .line(pending)
            }
            let line = String(cString: raw)
            free(raw)
            let entry = buffer.map { $0 + "\n" + line } ?? line
            if isIncomplete(entry) {
                buffer = entry
                continue
            }
            remember(entry)
            return .line(entry)
        }
    }

    // MARK: - Private

    /// One-time process setup, deferred so that constructing an editor has no side effects.
    private func setUpIfNeeded() {
        guard !isSetUp else { return }
        isSetUp = true
        Self.enableMultibyteInput()
        // libedit keeps these pointers: give it copies that live as long as the process.
        shim_rl_set_readline_name(strdup("fti"))
        shim_rl_set_basic_word_break_characters(strdup(wordBreakCharacters))
        shim_rl_set_attempted_completion_function(lineEditorAttemptCompletion)
        shim_rl_set_attempted_completion_over(1)
        // Before the first readline(): libedit saves the current SIGINT handler and re-raises
        // Ctrl-C to it; with the default action the process would die at the prompt.
        Interrupt.install()
        _ = rl_initialize()
        guard let history else { return }
        stifle_history(Int32(clamping: history.limit))
        for entry in history.load() {
            _ = add_history(entry)
            lastEntry = entry
        }
        if let problem = history.loadProblem {
            Self.writeToStandardError(
                "warning: history file \(history.path): \(problem); history will not be saved\n")
        }
    }

    /// Adds a complete entry to memory and file history, following the shell conventions:
    /// blank entries, entries typed with a leading space and consecutive repeats are skipped.
    private func remember(_ entry: String) {
        guard !entry.allSatisfy(\.isWhitespace), !entry.hasPrefix(" "), entry != lastEntry else { return }
        lastEntry = entry
        _ = add_history(entry)
        history?.append(entry)
    }

    /// Without a multibyte LC_CTYPE libedit silently drops non-ASCII input (`café` becomes
    /// `caf`). Only LC_CTYPE is set: LC_NUMERIC from the user's locale would change how C
    /// formats and parses numbers. A C/POSIX result (LANG unset, as in CI) falls back to C.UTF-8.
    private static func enableMultibyteInput() {
        let chosen = setlocale(LC_CTYPE, "").map { String(cString: $0) }
        guard chosen == nil || chosen == "C" || chosen == "POSIX" else { return }
        if setlocale(LC_CTYPE, "C.UTF-8") == nil {
            _ = setlocale(LC_CTYPE, "C.utf8")
        }
    }

    private static func writeToStandardError(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(STDERR_FILENO, &bytes, bytes.count)
    }
}

// MARK: - Completion bridge

/// The completer of the `readEntry` in progress. libedit's hook is a plain C function pointer
/// that cannot capture, so the closure is parked here; only the reading thread touches it.
nonisolated(unsafe) private var lineEditorCompleter: LineEditor.Completer?

/// libedit's completion hook. Returns a malloc'ed, NULL-terminated array — the text to insert
/// (the common prefix) first, then the candidates — or NULL for no completion; libedit frees it.
private func lineEditorAttemptCompletion(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> LineEditor.CompletionMatches.MatchArray? {
    // libedit resets this after every completion; 1 means no filename-completion fallback.
    shim_rl_set_attempted_completion_over(1)
    shim_rl_set_completion_append_character(Int32(UInt8(ascii: " ")))
    guard let text, let completer = lineEditorCompleter else { return nil }
    let word = String(cString: text)
    let line = shim_rl_line_buffer().map { String(cString: $0) } ?? ""
    // libedit passes `start` in characters of its wide buffer, i.e. Unicode scalars.
    let scalarsBefore = line.unicodeScalars.prefix(max(0, Int(start)))
    let textBefore = String(String.UnicodeScalarView(scalarsBefore))
    if word.isEmpty && (textBefore.isEmpty || textBefore.last?.isWhitespace == true) {
        // A Tab at the start of a line or after a blank is almost always pasted indentation:
        // libedit has no bracketed paste, so insert spaces instead of swallowing it. Offered as
        // the one "match" (nothing appended) rather than via rl_insert_text, so libedit redraws.
        shim_rl_set_completion_append_character(0)
        return LineEditor.CompletionMatches.make(word: word, candidates: ["  "])
    }
    let candidates = completer(line, textBefore.count, word)
    return LineEditor.CompletionMatches.make(word: word, candidates: candidates)
}

extension LineEditor {
    /// Builds the match array libedit expects from our completer's answer.
    enum CompletionMatches {
        /// A NULL-terminated C array of C strings, all malloc'ed; libedit frees it.
        typealias MatchArray = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

        /// The text libedit inserts in place of `word` for these candidates: their longest common
        /// prefix, but never less than `word` itself (that would delete what the user typed).
        static func insertion(word: String, candidates: [String]) -> String {
            guard var prefix = candidates.first else { return word }
            for candidate in candidates.dropFirst() {
                prefix = String(prefix.sharedPrefix(with: candidate))
            }
            return prefix.hasPrefix(word) ? prefix : word
        }

        /// The malloc'ed array for libedit: [insertion, candidates…, NULL], or [match, NULL, NULL] for a
        /// single match, or nil when there is nothing to offer. Duplicates and empties are dropped.
        static func make(word: String, candidates: [String]) -> MatchArray? {
            var unique: [String] = []
            for candidate in candidates where !candidate.isEmpty && !unique.contains(candidate) {
                unique.append(candidate)
            }
            guard !unique.isEmpty else { return nil }
            let items = unique.count == 1 ? unique : [insertion(word: word, candidates: unique)] + unique
            // Two NULLs, not one: libedit reads matches[2] even for a single match ([match, NULL]),
            // and garbage there makes it treat a unique match as ambiguous (no space appended).
            let slots = items.count + 2
            guard let raw = calloc(slots, MemoryLayout<UnsafeMutablePointer<CChar>?>.stride) else {
                return nil
            }
            let array = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: slots)
            for (index, item) in items.enumerated() {
                array[index] = strdup(item)
            }
            return array
        }
    }
}

private extension String {
    /// The longest common prefix, compared by `Character` so a multi-byte letter is never split.
    func sharedPrefix(with other: String) -> Substring {
        var end = startIndex
        var otherIndex = other.startIndex
        while end < endIndex, otherIndex < other.endIndex, self[end] == other[otherIndex] {
            end = index(after: end)
            otherIndex = other.index(after: otherIndex)
        }
        return self[..<end]
    }
}
