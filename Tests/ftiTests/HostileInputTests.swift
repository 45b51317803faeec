import Foundation
import Testing

/// Hostile inputs run through the built `fti` executable (`fti run FILE`, `fti replay FILE`, or
/// `fti replay --update FILE` for `*.update.md`): each must end with a non-zero exit status, by
/// exiting rather than by a signal, with a clean error (the expected message, the location where
/// one applies) and nothing of a runtime trap or a stack trace.
///
/// The cases are files in `Hostile/` (scripts, the CSV files their scripts read, notebooks); the
/// table below gives each one's expected message and location. Inputs too large to commit
/// (megabyte literals, five thousand columns) are generated into the same folder by `generated`.
@Suite struct HostileInputTests {
    /// One hostile input and what its error must say.
    struct Case: Sendable, CustomTestStringConvertible {
        /// File name in the working folder.
        var file: String
        /// A fragment of the error message.
        var message: String
        /// Where the error points: `file:line:column` for scripts, `file:line` for notebooks.
        var location: String?
        var testDescription: String { file }

        init(_ file: String, _ message: String, at location: String? = nil) {
            self.file = file
            self.message = message
            self.location = location
        }
    }

    static let cases: [Case] = scripts + runtime + overflow + files + csv + notebooks

    static let scripts: [Case] = [
        Case("syntax-unclosed-paren.fti", "expected ')' to close '(', found end of input", at: "syntax-unclosed-paren.fti:2:1"),
        Case("syntax-unclosed-bracket.fti", "expected ']' to close the list", at: "syntax-unclosed-bracket.fti:2:1"),
        Case("syntax-unclosed-record.fti", "expected ',' or '}' in the record", at: "syntax-unclosed-record.fti:2:1"),
        Case("syntax-unclosed-block.fti", "expected ';', a line break or '}' after the statement", at: "syntax-unclosed-block.fti:2:1"),
        Case("syntax-unmatched-paren.fti", "unmatched ')'", at: "syntax-unmatched-paren.fti:1:6"),
        Case("syntax-unmatched-bracket.fti", "unmatched ']'", at: "syntax-unmatched-bracket.fti:1:2"),
        Case("syntax-unmatched-brace.fti", "unmatched '}'", at: "syntax-unmatched-brace.fti:1:3"),
        Case("syntax-unterminated-string.fti", "unterminated string", at: "syntax-unterminated-string.fti:1:9"),
        Case("syntax-unterminated-fstring.fti", "unterminated string", at: "syntax-unterminated-fstring.fti:1:1"),
        Case("syntax-fstring-trailing-backslash.fti", "unterminated string", at: "syntax-fstring-trailing-backslash.fti:1:1"),
        Case("syntax-fstring-unclosed-brace.fti", "unclosed '{' in f-string", at: "syntax-fstring-unclosed-brace.fti:1:3"),
        Case("syntax-fstring-lone-close-brace.fti", "unmatched '}' in f-string", at: "syntax-fstring-lone-close-brace.fti:1:3"),
        Case("syntax-fstring-empty-expression.fti", "empty expression in f-string", at: "syntax-fstring-empty-expression.fti:1:3"),
        Case("syntax-fstring-bad-format.fti", "unsupported format 'zz' in f-string", at: "syntax-fstring-bad-format.fti:1:5"),
        Case("syntax-bad-escape.fti", "unknown escape '\\q' in string", at: "syntax-bad-escape.fti:1:2"),
        Case("syntax-bad-unicode-escape.fti", "malformed unicode escape", at: "syntax-bad-unicode-escape.fti:1:2"),
        Case("syntax-unknown-character.fti", "unexpected character '$'", at: "syntax-unknown-character.fti:1:3"),
        Case("syntax-invalid-utf8.fti", "'syntax-invalid-utf8.fti' is not valid UTF-8 text"),
        Case("syntax-nul-byte.fti", "unexpected character U+0000", at: "syntax-nul-byte.fti:1:4"),
        Case("syntax-bad-timestamp.fti", "malformed timestamp '@2024-13-45'", at: "syntax-bad-timestamp.fti:1:1"),
        Case("syntax-number-suffix.fti", "unknown number suffix 'abc'", at: "syntax-number-suffix.fti:1:1"),
        Case("syntax-integer-too-large.fti", "does not fit in 64 bits", at: "syntax-integer-too-large.fti:1:1"),
        Case("syntax-duration-too-large.fti", "duration 99999999999999d is too large", at: "syntax-duration-too-large.fti:1:1"),
        Case("syntax-durations-sum-too-large.fti", "duration is too large", at: "syntax-durations-sum-too-large.fti:1:1"),
        Case("syntax-chained-comparison.fti", "comparisons cannot be chained", at: "syntax-chained-comparison.fti:1:7"),
        Case("syntax-keyword-as-name.fti", "expected a name after 'let', found the keyword 'if'", at: "syntax-keyword-as-name.fti:1:5"),
        Case("syntax-let-without-equals.fti", "expected '=' after 'let x'", at: "syntax-let-without-equals.fti:1:7"),
        Case("syntax-fn-without-parameters.fti", "expected '(' after 'fn f'", at: "syntax-fn-without-parameters.fti:1:6"),
        Case("syntax-fn-duplicate-parameter.fti", "duplicate parameter 'a'", at: "syntax-fn-duplicate-parameter.fti:1:9"),
        Case("syntax-fn-without-equals.fti", "expected '=' before the body of 'f'", at: "syntax-fn-without-equals.fti:1:9"),
        Case("syntax-if-without-else.fti", "expected 'else' after the 'then' branch", at: "syntax-if-without-else.fti:2:1"),
        Case("syntax-try-without-catch.fti", "expected 'catch' after the body of 'try'", at: "syntax-try-without-catch.fti:2:1"),
        Case("syntax-use-without-path.fti", "expected a quoted path after 'use'", at: "syntax-use-without-path.fti:1:5"),
        Case("syntax-use-in-block.fti", "'use' is only allowed at the top level", at: "syntax-use-in-block.fti:1:3"),
        Case("syntax-positional-after-named.fti", "positional argument after a named one", at: "syntax-positional-after-named.fti:1:11"),
        Case("syntax-named-argument-twice.fti", "argument 'a' given twice", at: "syntax-named-argument-twice.fti:1:11"),
        Case("syntax-record-field-twice.fti", "field 'a' appears twice in the record", at: "syntax-record-field-twice.fti:1:8"),
        Case("syntax-block-ends-with-let.fti", "a block must end with an expression", at: "syntax-block-ends-with-let.fti:1:1"),
        Case("syntax-dot-without-name.fti", "expected a column name after '.'", at: "syntax-dot-without-name.fti:1:1"),
        Case("syntax-lambda-without-body.fti", "unexpected end of input", at: "syntax-lambda-without-body.fti:2:1"),
        Case("syntax-lone-operator.fti", "expected an expression, found '*'", at: "syntax-lone-operator.fti:1:1"),
        Case("syntax-double-comma.fti", "expected an expression, found ','", at: "syntax-double-comma.fti:1:7"),
        Case("syntax-lambda-bad-parameters.fti", "expected a parameter name, found number 1", at: "syntax-lambda-bad-parameters.fti:1:2"),
        Case("syntax-two-expressions.fti", "expected the end of the statement, found number 2", at: "syntax-two-expressions.fti:1:3"),
        Case("syntax-error-on-line-three.fti", "expected an expression, found '*'", at: "syntax-error-on-line-three.fti:3:13"),
        Case("syntax-crlf-error-column.fti", "expected an expression, found ')'", at: "syntax-crlf-error-column.fti:4:1"),
    ]

    static let runtime: [Case] = [
        Case("runtime-unknown-name.fti", "unknown name 'totl'", at: "runtime-unknown-name.fti:2:1"),
        Case("runtime-call-a-number.fti", "int is not a function", at: "runtime-call-a-number.fti:1:1"),
        Case("runtime-too-many-arguments.fti", "f takes 1 argument, got 2", at: "runtime-too-many-arguments.fti:2:1"),
        Case("runtime-unknown-parameter.fti", "f has no parameter 'b'", at: "runtime-unknown-parameter.fti:2:3"),
        Case("runtime-missing-argument.fti", "f needs the argument 'b'", at: "runtime-missing-argument.fti:2:1"),
        Case("runtime-builtin-wrong-type.fti", "abs expects a number, found string", at: "runtime-builtin-wrong-type.fti:1:5"),
        Case("runtime-index-out-of-range.fti", "index 5 is out of range for a list of 2", at: "runtime-index-out-of-range.fti:1:8"),
        Case("runtime-index-most-negative.fti", "index -9223372036854775808 is out of range for a list of 1",
             at: "runtime-index-most-negative.fti:1:5"),
        Case("runtime-string-index-out-of-range.fti", "index 10 is out of range for a string of 3 characters",
             at: "runtime-string-index-out-of-range.fti:1:7"),
        Case("runtime-index-with-float.fti", "cannot index list with float", at: "runtime-index-with-float.fti:1:1"),
        Case("runtime-index-null.fti", "cannot index null with int", at: "runtime-index-null.fti:1:1"),
        Case("runtime-missing-field.fti", "record has no field 'b'", at: "runtime-missing-field.fti:1:1"),
        Case("runtime-field-of-int.fti", "int has no fields", at: "runtime-field-of-int.fti:2:1"),
        Case("runtime-compare-int-string.fti", "cannot compare int and string", at: "runtime-compare-int-string.fti:1:1"),
        Case("runtime-add-int-string.fti", "cannot add int and string", at: "runtime-add-int-string.fti:1:1"),
        Case("runtime-not-int.fti", "cannot apply 'not' to int", at: "runtime-not-int.fti:1:1"),
        Case("runtime-negate-string.fti", "cannot negate string", at: "runtime-negate-string.fti:1:1"),
        Case("runtime-and-int.fti", "'and' needs bool operands, found int", at: "runtime-and-int.fti:1:1"),
        Case("runtime-in-int.fti", "'in' needs a list, record or string on the right, found int", at: "runtime-in-int.fti:1:1"),
        Case("runtime-error-builtin.fti", "error: boom", at: "runtime-error-builtin.fti:1:1"),
        Case("runtime-infinite-recursion.fti", "recursion too deep (more than 10000 nested calls)", at: "runtime-infinite-recursion.fti:1:11"),
        Case("runtime-mutual-recursion.fti", "recursion too deep (more than 10000 nested calls)", at: "runtime-mutual-recursion.fti:"),
        Case("runtime-recursion-through-deep-body.fti", "nested calls fill the stack)", at: "runtime-recursion-through-deep-body.fti:1:33"),
        Case("runtime-recursion-in-lambda.fti", "recursion too deep", at: "runtime-recursion-in-lambda.fti:"),
        Case("runtime-range-step-zero.fti", "range step must not be zero", at: "runtime-range-step-zero.fti:1:14"),
        Case("runtime-range-too-large.fti", "range from -9223372036854775808 to 9223372036854775807 is too large",
             at: "runtime-range-too-large.fti:1:1"),
        Case("runtime-len-of-huge-range-overflows.fti", "integer overflow in '+'", at: "runtime-len-of-huge-range-overflows.fti:1:1"),
        Case("runtime-map-huge-range.fti", "map would build a list of 9223372036854775807 elements", at: "runtime-map-huge-range.fti:1:1"),
        Case("runtime-concat-huge-range.fti", "list concatenation would build 9223372036854775807 + 1 elements",
             at: "runtime-concat-huge-range.fti:1:1"),
        Case("runtime-zip-huge-range.fti", "zip would build a list of 9223372036854775807 elements", at: "runtime-zip-huge-range.fti:1:1"),
        Case("runtime-flatten-huge-range.fti", "flatten would build a list of more than 100000000 elements",
             at: "runtime-flatten-huge-range.fti:1:1"),
        Case("runtime-sort-huge-range.fti", "sort would build a list of 9223372036854775807 elements", at: "runtime-sort-huge-range.fti:1:1"),
        Case("runtime-sum-overflow.fti", "integer overflow in sum", at: "runtime-sum-overflow.fti:1:5"),
        Case("runtime-pow-overflow.fti", "integer overflow in pow(2, 64)", at: "runtime-pow-overflow.fti:1:1"),
        Case("runtime-pow-negative-exponent.fti", "pow of integers needs a non-negative exponent, found -1",
             at: "runtime-pow-negative-exponent.fti:1:8"),
        Case("runtime-abs-most-negative.fti", "integer overflow in abs", at: "runtime-abs-most-negative.fti:1:5"),
        Case("runtime-enumerate-overflow.fti", "integer overflow in enumerate", at: "runtime-enumerate-overflow.fti:1:19"),
        Case("runtime-deep-column-expression.fti", "column expression too deep or too large",
             at: "runtime-deep-column-expression.fti:1:41"),
        Case("runtime-shared-column-expression.fti", "column expression too deep or too large",
             at: "runtime-shared-column-expression.fti:1:39"),
        Case("runtime-unknown-column.fti", "unknown column .tmp", at: "runtime-unknown-column.fti:1:33"),
        Case("runtime-frame-too-many-rows.fti", "frame would have 200000000 rows (at most 100000000)", at: "runtime-frame-too-many-rows.fti:1:7"),
        Case("runtime-sample-too-many.fti", "sample cannot draw 5 elements from 2 without replacement", at: "runtime-sample-too-many.fti:1:16"),
    ]

    static let overflow: [Case] = [
        Case("overflow-add.fti", "integer overflow in '+'", at: "overflow-add.fti:1:1"),
        Case("overflow-subtract.fti", "integer overflow in '-'", at: "overflow-subtract.fti:1:1"),
        Case("overflow-multiply.fti", "integer overflow in '*'", at: "overflow-multiply.fti:1:1"),
        Case("overflow-negate.fti", "integer overflow in negation", at: "overflow-negate.fti:2:1"),
        Case("overflow-remainder-by-zero.fti", "remainder by zero", at: "overflow-remainder-by-zero.fti:1:1"),
        Case("overflow-duration-by-zero.fti", "division of a duration by zero", at: "overflow-duration-by-zero.fti:1:1"),
        Case("overflow-duration-divide.fti", "duration overflow in '/'", at: "overflow-duration-divide.fti:2:1"),
        Case("overflow-duration-times-float.fti", "duration overflow", at: "overflow-duration-times-float.fti:1:1"),
        Case("overflow-duration-times-int.fti", "integer overflow in '*'", at: "overflow-duration-times-int.fti:2:1"),
        Case("overflow-timestamp-plus-duration.fti", "integer overflow in '+'", at: "overflow-timestamp-plus-duration.fti:1:1"),
        Case("overflow-timestamp-difference.fti", "integer overflow in '-'", at: "overflow-timestamp-difference.fti:3:1"),
    ]

    static let files: [Case] = [
        Case("io-read-missing-csv.fti", "cannot open 'no-such-file.csv': No such file or directory", at: "io-read-missing-csv.fti:1:10"),
        Case("io-use-missing-script.fti", "cannot read script 'no-such-script.fti'", at: "io-use-missing-script.fti:1:1"),
        Case("io-use-script-with-error.fti", "expected ')' to close '('", at: "syntax-unclosed-paren.fti:2:1"),
        Case("io-read-csv-of-folder.fti", "cannot read '.'", at: "io-read-csv-of-folder.fti:1:10"),
        Case("io-write-csv-to-folder.fti", "cannot write '.'", at: "io-write-csv-to-folder.fti:1:28"),
        Case("io-sql-syntax-error.fti", "near \"SELEC\": syntax error", at: "io-sql-syntax-error.fti:1:17"),
        Case("io-read-sqlite-not-a-database.fti", "not an SQLite database", at: "io-read-sqlite-not-a-database.fti:1:"),
        Case("io-store-on-a-file-that-is-not-sqlite.fti", "not an SQLite database", at: "io-store-on-a-file-that-is-not-sqlite.fti:1:"),
    ]

    static let csv: [Case] = [
        Case("csv-unbalanced-quote.fti", "line 2: unclosed quote", at: "csv-unbalanced-quote.fti:1:10"),
        Case("csv-nul-bytes.fti", "line 3: cannot read \"\\u{0}\\u{0}\" as int in column 'b'", at: "csv-nul-bytes.fti:1:10"),
        Case("csv-invalid-utf8-data.fti", "line 3: invalid UTF-8 in column 'name'", at: "csv-invalid-utf8-data.fti:1:10"),
        Case("csv-invalid-utf8-header.fti", "line 1: invalid UTF-8 in the name of column 1", at: "csv-invalid-utf8-header.fti:1:10"),
        Case("csv-ragged-rows.fti", "line 2: expected 2 fields, found 1", at: "csv-ragged-rows.fti:1:10"),
        Case("csv-bom-then-bad-value.fti", "line 4: cannot read \"three\" as int in column 'x'", at: "csv-bom-then-bad-value.fti:1:10"),
        Case("csv-mixed-line-endings.fti", "line 5: cannot read \"four\" as int in column 'x'", at: "csv-mixed-line-endings.fti:1:10"),
        Case("csv-empty-file.fti", "unknown column .x", at: "csv-empty-file.fti:1:42"),
        Case("csv-type-for-missing-column.fti", "has no column 'b' to give a type", at: "csv-type-for-missing-column.fti:1:"),
        Case("csv-quote-delimiter.fti", "needs a delimiter of one ASCII character other than a quote", at: "csv-quote-delimiter.fti:1:"),
        Case("csv-unknown-type.fti", "cannot give column 'a' the type \"complex\"", at: "csv-unknown-type.fti:1:"),
        Case("csv-integer-too-large.fti", "line 3: cannot read \"99999999999999999999\" as int in column 'a'", at: "csv-integer-too-large.fti:1:10"),
        Case("csv-bad-timestamp.fti", "line 3: cannot read \"2024-02-30T25:61:00\" as timestamp in column 't'", at: "csv-bad-timestamp.fti:1:10"),
        Case("csv-negative-limit.fti", "needs a limit of 0 or more rows, found -1", at: "csv-negative-limit.fti:1:"),
        Case("csv-carriage-returns-only.fti", "has no column 'b' to give a type", at: "csv-carriage-returns-only.fti:1:"),
        Case("csv-binary-garbage.fti", "line 2: expected 1 fields, found 2", at: "csv-binary-garbage.fti:1:10"),
        Case("csv-quoted-newline-then-bad-value.fti", "line 4: cannot read \"oops\" as int in column 'b'",
             at: "csv-quoted-newline-then-bad-value.fti:1:10"),
    ]

    static let notebooks: [Case] = [
        Case("notebook-unclosed-fence.md", "code fence ``` opened here is never closed", at: "notebook-unclosed-fence.md:3"),
        Case("notebook-unclosed-tilde-fence.md", "code fence ~~~ opened here is never closed", at: "notebook-unclosed-tilde-fence.md:1"),
        Case("notebook-closing-fence-too-short.md", "code fence ```` opened here is never closed", at: "notebook-closing-fence-too-short.md:1"),
        Case("notebook-closing-fence-longer.md", "FAIL notebook-closing-fence-longer.md:1", at: "notebook-closing-fence-longer.md:5"),
        Case("notebook-fence-inside-output.md", "code fence ``` opened here is never closed", at: "notebook-fence-inside-output.md:8"),
        Case("notebook-unknown-option.md", "unknown cell option 'bogus'", at: "notebook-unknown-option.md:1"),
        Case("notebook-duplicate-id.md", "duplicate cell id 'load' (first used on line 1)", at: "notebook-duplicate-id.md:9"),
        Case("notebook-bad-timeout.md", "bad timeout 'soon'", at: "notebook-bad-timeout.md:1"),
        Case("notebook-empty-id.md", "cell option 'id' needs a value", at: "notebook-empty-id.md:1"),
        Case("notebook-expect-error-succeeds.md", "expected an error, but the cell succeeded", at: "notebook-expect-error-succeeds.md:1"),
        Case("notebook-cell-syntax-error.md", "unexpected end of input", at: "notebook-cell-syntax-error.md:1"),
        Case("notebook-cell-error-stops-the-rest.md", "unknown name 'nope'", at: "notebook-cell-error-stops-the-rest.md:1"),
        Case("notebook-output-mismatch.md", "FAIL notebook-output-mismatch.md:1", at: "notebook-output-mismatch.md:5"),
        Case("notebook-crlf-mismatch.md", "FAIL notebook-crlf-mismatch.md:1", at: "notebook-crlf-mismatch.md:5"),
        Case("notebook-cell-timeout.md", "timed out after 1 s", at: "notebook-cell-timeout.md:1"),
        Case("notebook-invalid-utf8.md", "not valid UTF-8", at: "notebook-invalid-utf8.md"),
        Case("notebook-nul-in-cell.md", "unexpected character U+0000", at: "notebook-nul-in-cell.md:1"),
        Case("notebook-deep-nesting-in-cell.md", "expression nested too deeply", at: "notebook-deep-nesting-in-cell.md:1"),
        Case("notebook-recursion-in-cell.md", "recursion too deep", at: "notebook-recursion-in-cell.md:1"),
        Case("notebook-update-merge-conflict.update.md", "merge-conflict marker; resolve the conflict before --update",
             at: "notebook-update-merge-conflict.update.md:1"),
        Case("notebook-update-conflict-diff3.update.md", "merge-conflict marker", at: "notebook-update-conflict-diff3.update.md:5"),
        Case("notebook-update-unclosed-fence.update.md", "never closed", at: "notebook-update-unclosed-fence.update.md:1"),
        Case("notebook-update-unknown-option.update.md", "unknown cell option 'loud'", at: "notebook-update-unknown-option.update.md:1"),
    ]

    /// Inputs too large to commit, written into the working folder; each with its case.
    static let generated: [(file: String, contents: @Sendable () -> [UInt8], expected: Case)] = [
        ("huge-string-literal.fti", { Array(("let s = \"" + String(repeating: "x", count: 1 << 20)).utf8) },
         Case("huge-string-literal.fti", "unterminated string", at: "huge-string-literal.fti:1:9")),
        ("huge-integer-literal.fti", { Array(String(repeating: "9", count: 100_000).utf8) },
         Case("huge-integer-literal.fti", "does not fit in 64 bits", at: "huge-integer-literal.fti:1:1")),
        ("huge-line-error-at-end.fti", { Array(("[" + String(repeating: "1, ", count: 100_000) + "$]").utf8) },
         Case("huge-line-error-at-end.fti", "unexpected character '$'", at: "huge-line-error-at-end.fti:1:300002")),
        ("error-after-a-million-lines.fti", { Array((String(repeating: "\n", count: 1_000_000) + "1 +").utf8) },
         Case("error-after-a-million-lines.fti", "unexpected end of input", at: "error-after-a-million-lines.fti:1000001:4")),
        ("deep-parentheses.fti", { Array((String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)).utf8) },
         Case("deep-parentheses.fti", "expression nested too deeply (more than 200 levels)", at: "deep-parentheses.fti:1:201")),
        ("deep-lists.fti", { Array((String(repeating: "[", count: 100_000) + "1" + String(repeating: "]", count: 100_000)).utf8) },
         Case("deep-lists.fti", "expression nested too deeply (more than 200 levels)", at: "deep-lists.fti:1:")),
        ("deep-records.fti", { Array((String(repeating: "{a: ", count: 100_000) + "1" + String(repeating: "}", count: 100_000)).utf8) },
         Case("deep-records.fti", "expression nested too deeply (more than 200 levels)", at: "deep-records.fti:1:")),
        ("deep-negation.fti", { Array(("let x = 1\n" + String(repeating: "-", count: 100_000) + "x").utf8) },
         Case("deep-negation.fti", "expression nested too deeply (more than 200 levels)", at: "deep-negation.fti:2:")),
        ("deep-lambdas.fti", { Array((String(repeating: "x => ", count: 100_000) + "1").utf8) },
         Case("deep-lambdas.fti", "expression nested too deeply (more than 200 levels)", at: "deep-lambdas.fti:1:")),
        ("deep-blocks.fti", { Array((String(repeating: "{ ", count: 100_000) + "1" + String(repeating: " }", count: 100_000)).utf8) },
         Case("deep-blocks.fti", "expression nested too deeply (more than 200 levels)", at: "deep-blocks.fti:1:")),
        ("long-operator-chain.fti", { Array((String(repeating: "1 + ", count: 200_000) + "1").utf8) },
         Case("long-operator-chain.fti", "statement too long (more than 10000 operators and calls)", at: "long-operator-chain.fti:1:")),
        ("long-pipe-chain.fti", { Array(("1" + String(repeating: " |> abs", count: 200_000)).utf8) },
         Case("long-pipe-chain.fti", "statement too long (more than 10000 operators and calls)", at: "long-pipe-chain.fti:1:")),
        ("deeply-nested-value.fti", { Array("let x = reduce(range(200000), (acc, i) => [acc], 0)\nx[1]\n".utf8) },
         Case("deeply-nested-value.fti", "index 1 is out of range for a list of 1", at: "deeply-nested-value.fti:2:3")),
        ("csv-wide.csv", {
            let header = (1...5_000).map { "c\($0)" }.joined(separator: ",")
            let row = (1...5_000).map(String.init).joined(separator: ",")
            return Array((header + "\n" + row + "\n" + row + "\n").utf8)
        }, Case("csv-wide.csv", "")),
        ("csv-wide.fti", { Array("read_csv(\"csv-wide.csv\") |> filter(.c5001 > 1)\n".utf8) },
         Case("csv-wide.fti", "unknown column .c5001", at: "csv-wide.fti:1:36")),
        ("csv-megabyte-field.csv", { Array(("a,b\n1,2\n3," + String(repeating: "7", count: 1 << 20) + "x\n").utf8) },
         Case("csv-megabyte-field.csv", "")),
        ("csv-megabyte-field.fti", { Array("read_csv(\"csv-megabyte-field.csv\", types: {b: \"int\"})\n".utf8) },
         Case("csv-megabyte-field.fti", "line 3: cannot read \"7777777777777777777777777777777777777777…\" as int in column 'b'",
              at: "csv-megabyte-field.fti:1:10")),
        ("csv-long-ragged.csv", { Array(("a,b\n" + String(repeating: "1,2\n", count: 100_000) + "3\n").utf8) },
         Case("csv-long-ragged.csv", "")),
        ("csv-long-ragged.fti", { Array("read_csv(\"csv-long-ragged.csv\")\n".utf8) },
         Case("csv-long-ragged.fti", "line 100002: expected 2 fields, found 1", at: "csv-long-ragged.fti:1:10")),
        ("notebook-long-fence.md", {
            let fence = String(repeating: "`", count: 10_000)
            return Array((fence + "fti\n1 + \n" + fence + "\n").utf8)
        }, Case("notebook-long-fence.md", "unexpected end of input", at: "notebook-long-fence.md:1")),
    ]

    /// A fresh folder holding every file of `Hostile/` and the generated inputs.
    static let workingFolder: URL? = {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Hostile")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fti-hostile-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: source.path).sorted() {
                try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
            }
            for input in generated {
                try Data(input.contents()).write(to: folder.appendingPathComponent(input.file))
            }
        } catch {
            return nil
        }
        return folder
    }()

    /// Every committed case has its file, and every file in `Hostile/` is a case or read by one.
    @Test func tableMatchesTheFolder() throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Hostile")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: source.path))
        for item in Self.cases {
            #expect(names.contains(item.file), "no file Hostile/\(item.file)")
        }
        let listed = Set(Self.cases.map(\.file))
        for name in names.sorted() where !name.hasSuffix(".csv") {
            #expect(listed.contains(name), "Hostile/\(name) has no entry in the table")
        }
        #expect(Self.cases.count + Self.generated.filter { !$0.file.hasSuffix(".csv") }.count >= 100)
    }

    @Test(arguments: cases)
    func committedInputFailsCleanly(_ item: Case) throws {
        try check(item)
    }

    @Test(arguments: generated.map(\.expected).filter { !$0.file.hasSuffix(".csv") })
    func generatedInputFailsCleanly(_ item: Case) throws {
        try check(item)
    }

    /// The REPL's way in (a script on standard input, evaluated as a REPL entry is) holds the
    /// same limits for the worst shapes: deep nesting, long chains, recursion through a deep
    /// body, a value nested 200,000 levels deep.
    @Test(arguments: ["deep-parentheses.fti", "long-operator-chain.fti", "runtime-recursion-through-deep-body.fti",
                      "deeply-nested-value.fti", "runtime-deep-column-expression.fti", "overflow-negate.fti"])
    func standardInputFailsCleanly(_ file: String) throws {
        let folder = try #require(Self.workingFolder, "could not prepare the working folder")
        let item = try #require((Self.cases + Self.generated.map(\.expected)).first { $0.file == file })
        let script = try Data(contentsOf: folder.appendingPathComponent(file))
        let outcome = try runFTI([], in: folder, stdin: script)
        #expect(outcome.exitedNormally && outcome.status == 1, "\(file): status \(outcome.status)")
        #expect(outcome.stderr.hasPrefix("error: \(item.message)") || outcome.stderr.contains(item.message), "\(outcome.stderr.prefix(500))")
        #expect(outcome.stderr.contains(" --> <stdin>:"))
        #expect(outcome.stderr.utf8.count < 20_000)
    }

    /// Runs the case's command and checks status, message, location and the absence of a trap.
    func check(_ item: Case) throws {
        let folder = try #require(Self.workingFolder, "could not prepare the working folder")
        let arguments: [String]
        if item.file.hasSuffix(".update.md") {
            arguments = ["replay", "--update", item.file]
        } else if item.file.hasSuffix(".md") {
            arguments = ["replay", item.file]
        } else {
            arguments = ["run", item.file]
        }
        let outcome = try runFTI(arguments, in: folder)
        #expect(outcome.exitedNormally, "\(item.file): killed by signal \(outcome.status)")
        #expect(outcome.exitedNormally && outcome.status != 0, "\(item.file): exit status \(outcome.status)")
        let text = outcome.stderr + outcome.stdout
        #expect(text.contains(item.message), "\(item.file): expected «\(item.message)» in:\n\(text.prefix(2_000))")
        if let location = item.location {
            #expect(text.contains(location), "\(item.file): expected location «\(location)» in:\n\(text.prefix(2_000))")
        }
        // The error leads the output: `error: …` for scripts and notebook files, `FAIL …` for a cell.
        let firstLine = text.split(separator: "\n").first.map(String.init) ?? ""
        #expect(firstLine.hasPrefix("error: ") || firstLine.hasPrefix("FAIL "), "\(item.file): first line «\(firstLine.prefix(300))»")
        for trap in ["Fatal error", "Program crashed", "Stack dump", "Current stack trace", "Illegal instruction",
                     "Segmentation fault", "Swift runtime failure", "Thread 0 crashed", "Backtracing"] {
            #expect(!text.contains(trap), "\(item.file): output holds «\(trap)»")
        }
        // Huge inputs are quoted in a window, not whole: the error stays small.
        #expect(outcome.stderr.utf8.count < 20_000, "\(item.file): \(outcome.stderr.utf8.count) bytes on stderr")
        #expect(!text.unicodeScalars.contains { $0.value == 0 || $0.value == 0x1B }, "\(item.file): raw control characters in the output")
    }

    struct Outcome {
        var status: Int32
        var exitedNormally: Bool
        var stdout: String
        var stderr: String
    }

    /// Runs fti in `folder` with a minute's limit (a hang is killed and fails the case).
    func runFTI(_ arguments: [String], in folder: URL, stdin: Data? = nil) throws -> Outcome {
        let path = CommandLineTests.executable.path
        try #require(FileManager.default.isExecutableFile(atPath: path), "build fti first (make test runs swift build)")
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        let inPipe = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : inPipe
        try process.run()
        if let stdin {
            // Written from another thread: a large script must not block while fti fills its output pipes.
            DispatchQueue.global().async {
                inPipe.fileHandleForWriting.write(stdin)
                try? inPipe.fileHandleForWriting.close()
            }
        }
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        // Read both pipes at once, so a full stderr cannot stall the process while stdout is read.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = errPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        watchdog.cancel()
        return Outcome(status: process.terminationStatus, exitedNormally: process.terminationReason == .exit,
                       stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}
