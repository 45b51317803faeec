import Lang

/// The fuzz target: lexes and parses arbitrary bytes as a script and renders any diagnostic.
///
/// Every outcome but a crash is fine; rendering the error exercises the caret and column code
/// on whatever offsets the parser produced. Sources are forgotten after each input so that
/// millions of runs keep memory flat.
func fuzzParser(_ input: UnsafeBufferPointer<UInt8>) -> CInt {
    let text = String(decoding: input, as: UTF8.self)
    let registered = SourceRegistry.shared.count
    defer { SourceRegistry.shared.forgetSources(after: registered) }
    let kind: SourceFile.Kind = input.count % 2 == 0 ? .file : .cell(input.count % 7 + 1)
    let source = SourceFile(name: "<fuzz>", text: text, kind: kind)
    _ = Lexer.isIncomplete(source)
    do {
        let statements = try Parser.parse(source)
        _ = statements.count
    } catch {
        _ = error.rendered()
    }
    return 0
}
