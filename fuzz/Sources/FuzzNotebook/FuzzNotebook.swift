import Notebook

#if canImport(Glibc)
import Glibc
#endif

/// The fuzz target: parses arbitrary bytes as a notebook, rewrites its records the way
/// `fti replay --update` does, and checks the rewrite round-trips.
///
/// Beyond not crashing, the updated text must parse again with the same cells, hold exactly the
/// records written (after normalising), and be a fixed point of a second update: a violation
/// aborts, so libFuzzer reports it like a crash.
func fuzzNotebook(_ input: UnsafeBufferPointer<UInt8>) -> CInt {
    let text = String(decoding: input, as: UTF8.self)
    _ = NotebookDocument.conflictMarkerLine(in: text)
    _ = NotebookDocument.mentionsCells(text)
    let document: NotebookDocument
    do {
        document = try NotebookDocument.parse(text, path: "fuzz.md")
    } catch {
        _ = error.description
        return 0
    }
    // Records chosen from the input itself, so the fuzzer steers their content: a cell's own
    // source as its output, and its old output (or nothing) as its error; every third cell's
    // records are deleted.
    let updates = document.cells.map { cell in
        cell.number % 3 == 0
            ? RecordUpdate(cellNumber: cell.number, output: "", error: "")
            : RecordUpdate(cellNumber: cell.number, output: cell.source, error: cell.recordedOutput ?? "")
    }
    let (updated, _) = document.applying(updates)
    let again: NotebookDocument
    do {
        again = try NotebookDocument.parse(updated, path: "fuzz.md")
    } catch {
        fail("the updated notebook does not parse: \(error.description)")
    }
    guard again.cells.count == document.cells.count else {
        fail("the update changed the number of cells from \(document.cells.count) to \(again.cells.count)")
    }
    for (before, after) in zip(document.cells, again.cells) {
        guard before.source == after.source, before.options == after.options else {
            fail("the update changed the code or options of cell \(before.number)")
        }
        let update = updates[before.number - 1]
        guard RecordText.normalize(after.recordedOutput ?? "") == RecordText.normalize(update.output ?? ""),
            RecordText.normalize(after.recordedError ?? "") == RecordText.normalize(update.error ?? "")
        else {
            fail("cell \(before.number) does not hold the records written")
        }
    }
    let (second, changed) = again.applying(updates)
    guard second == updated, changed == 0 else { fail("a second update changed the text again") }
    return 0
}

/// Reports a broken invariant and aborts, which libFuzzer records as a crash with this input.
private func fail(_ message: String) -> Never {
    let line = "FuzzNotebook: \(message)\n"
    line.withCString { _ = write(STDERR_FILENO, $0, strlen($0)) }
    abort()
}
