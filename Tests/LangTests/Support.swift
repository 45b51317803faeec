import Foundation
@testable import Lang

/// Runs source in a fresh interpreter and returns the last displayed value as text, or the error message.
func evaluate(_ text: String, interpreter: Interpreter = Interpreter()) -> String {
    onLargeStack { evaluateHere(text, interpreter: interpreter) }
}

/// Runs `body` on a thread with a big stack: test threads are too small for the recursion-limit tests.
func onLargeStack<T>(_ body: @escaping () -> T) -> T {
    nonisolated(unsafe) let work = body
    nonisolated(unsafe) var result: T?
    let done = DispatchSemaphore(value: 0)
    let thread = Thread { result = work(); done.signal() }
    thread.stackSize = 512 << 20
    thread.start()
    done.wait()
    return result ?? body()
}

private func evaluateHere(_ text: String, interpreter: Interpreter) -> String {
    let source = SourceFile(name: "<test>", text: text)
    do {
        let statements = try Parser.parse(source)
        var last = ""
        try interpreter.run(statements) { value, _ in last = value.debugDescription }
        return last
    } catch {
        return "error: " + error.message
    }
}

/// The diagnostic a source produces (syntax or runtime), or nil when it runs cleanly.
func diagnostic(_ text: String) -> Diagnostic? {
    onLargeStack { diagnosticHere(text) }
}

private func diagnosticHere(_ text: String) -> Diagnostic? {
    let source = SourceFile(name: "<test>", text: text)
    do {
        let statements = try Parser.parse(source)
        try Interpreter().run(statements) { _, _ in }
        return nil
    } catch {
        return error
    }
}

/// Token kinds of a source, without the final `.end`.
func kinds(_ text: String) throws -> [TokenKind] {
    let tokens = try Lexer.tokenize(SourceFile(name: "<test>", text: text))
    return tokens.dropLast().map(\.kind)
}
