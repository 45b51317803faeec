import Testing
@testable import Runtime

/// What `insert` returns is a one-row frame wherever a frame is expected, with the group and its
/// version, so the reports of several inserts stack with `concat`.
@Suite struct IngestionReportFrameTests {
    static let setup = StoreFixtures.groups + """

        let r3 = insert(fg, daily |> with(ctl: .ctl + 1.0))
        """

    @Test func reportsStackWithConcat() throws {
        let s = try StoreFixtures.session(Self.setup)
        #expect(s.show("let all = concat([r1, r2, r3])") == "")
        #expect(s.show("all |> columns")
                == "[\"group\", \"version\", \"commit\", \"inserted\", \"updated\", \"unchanged\", \"rejected\", \"outcome\", \"validation\"]")
        #expect(s.show("all.group") == "[\"athlete_daily\", \"athlete\", \"athlete_daily\"]")
        #expect(s.show("all.version") == "[1, 1, 1]")
        #expect(s.show("all.commit") == "[1, 2, 3]")
        #expect(s.show("all.inserted") == "[20, 2, 0]")
        #expect(s.show("all.updated") == "[0, 0, 20]")
        // Straight from insert calls, as the air-quality pipeline writes it (daily undoes r3).
        #expect(s.show("let again = concat([insert(fg, daily), insert(ath, people)])") == "")
        #expect(s.show("[again.updated, again.unchanged, again.commit]") == "[[20, 0], [0, 2], [4, 5]]")
    }

    @Test func reportsGoWhereverAFrameGoes() throws {
        let s = try StoreFixtures.session(Self.setup)
        #expect(s.show("r3 |> select(.group, .updated) |> columns") == "[\"group\", \"updated\"]")
        #expect(s.show("(r1 |> filter(.inserted > 0)).group") == "[\"athlete_daily\"]")
        #expect(s.show("(r3 |> agg(n: sum(.updated))).n") == "[20]")
        #expect(s.show("shape(r2)") == "[1, 9]")
        #expect(s.show("r3.frame |> shape") == "[1, 9]")
        // Members still read the report.
        #expect(s.show("[r3.group, r3.version, r3.updated, r3.outcome]") == "[\"athlete_daily\", 1, 20, \"ingested\"]")
        // A report shows as its one-row frame.
        let shown = s.show("r2")
        #expect(shown.hasPrefix("shape: (1, 9)"))
        #expect(shown.contains("│ athlete │ 1       │ 2      │ 2        │"))
    }

    @Test func otherHostValuesAreStillNotFrames() throws {
        let s = try StoreFixtures.session(Self.setup)
        #expect(s.show("concat([r1, fg])") == "error: concat expects frames, element 2 is feature group")
        #expect(s.show("head(s)") == "error: head expects 'df' to be a frame, found store")
    }
}
