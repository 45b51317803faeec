import Testing
@testable import Runtime

/// `time_runs`, `monotonic` and `bench_checks`: real numbers at the prompt, placeholders in notebooks.
@Suite struct BenchBuiltinTests {
    @Test func timeRunsCallsTheFunctionAndTimesEachRun() throws {
        let session = try builtinSession()
        #expect(session.show("let times = time_runs(() => 1 + 1, runs: 3, warmup: 2); len(times)") == "3")
        #expect(session.show("times |> map(t => type_of(t) == \"float\" and t >= 0) |> reduce((a, b) => a and b, true)") == "true")
        #expect(session.show("type_of(monotonic())") == #""float""#)
        #expect(session.show("time_runs(() => 1, runs: 0)") == "error: time_runs needs 1 to 1000 runs, found 0")
        #expect(session.show("time_runs(() => 1, warmup: -1)") == "error: time_runs needs 0 to 1000 warm-up runs, found -1")
        #expect(session.show("time_runs(() => error(\"boom\"), runs: 1)") == "error: boom")
    }

    @Test func notebooksSeePlaceholders() throws {
        let session = try builtinSession { $0.isNotebook = true }
        #expect(session.show("time_runs(() => 1, runs: 2)") == #"["<time>", "<time>"]"#)
        #expect(session.show("monotonic()") == #""<time>""#)
    }

    @Test func benchChecksSumCountAndChecksumColumns() throws {
        let session = try builtinSession(["t.csv": "k,v,s,b\n3,1.5,x,true\n1,,y,false\n2,2.5,z,true\n"])
        #expect(session.show(#"bench_checks(read_csv("t.csv"))"#)
            == "{rows: 3, bytes: 94, k_sum: 6, k_ordered: 11, k_nulls: 0, v_sum: 4.0, v_nulls: 1, b_sum: 2, b_nulls: 0}")
        #expect(session.show(#"bench_checks(read_csv("t.csv") |> sort(.k)) |> (r => r.k_ordered)"#) == "14")
        #expect(session.show(#"bench_checks(read_csv("t.csv") |> head(0))"#)
            == "{rows: 0, bytes: 8, k_sum: 0, k_ordered: 0, k_nulls: 0, v_sum: 0.0, v_nulls: 0, b_sum: 0, b_nulls: 0}")
    }
}
