import Testing
import Frame

@Suite struct TableRendererTests {
    @Test func smallFrame() throws {
        let frame = try DataFrame(columns: [
            Column(name: "date", timestamps: [1_325_376_000_000_000, 1_325_462_400_000_000]),
            Column(name: "precipitation", floats: [0, 10.9]),
            Column(name: "weather", strings: ["drizzle", "rain"]),
        ])
        #expect(TableRenderer.render(frame) == """
            shape: (2, 3)
            ┌────────────┬───────────────┬─────────┐
            │ date       │ precipitation │ weather │
            │ timestamp  │ float         │ string  │
            ╞════════════╪═══════════════╪═════════╡
            │ 2012-01-01 │ 0.0           │ drizzle │
            │ 2012-01-02 │ 10.9          │ rain    │
            └────────────┴───────────────┴─────────┘
            """)
    }

    @Test func nullsBoolsDurationsAndTimes() throws {
        let frame = try DataFrame(columns: [
            Column(name: "n", ints: [1, 2], validity: [true, false]),
            Column(name: "ok", bools: [true, false], validity: [false, true]),
            Column(name: "gap", durations: [90_000_000, 0]),
            Column(name: "at", timestamps: [0, 23_400_000_000]),
        ])
        #expect(TableRenderer.render(frame) == """
            shape: (2, 4)
            ┌──────┬───────┬──────────┬─────────────────────┐
            │ n    │ ok    │ gap      │ at                  │
            │ int  │ bool  │ duration │ timestamp           │
            ╞══════╪═══════╪══════════╪═════════════════════╡
            │ 1    │ null  │ 1m 30s   │ 1970-01-01 00:00:00 │
            │ null │ false │ 0s       │ 1970-01-01 06:30:00 │
            └──────┴───────┴──────────┴─────────────────────┘
            """)
    }

    @Test func longFrameElidesMiddleRows() throws {
        let frame = try DataFrame(columns: [Column(name: "i", ints: Array(0..<7))])
        var style = TableStyle()
        style.maxRows = 4
        #expect(TableRenderer.render(frame, style: style) == """
            shape: (7, 1)
            ┌─────┐
            │ i   │
            │ int │
            ╞═════╡
            │ 0   │
            │ 1   │
            │ …   │
            │ 5   │
            │ 6   │
            └─────┘
            """)
    }

    @Test func wideFrameElidesMiddleColumns() throws {
        let columns = (1...6).map { Column(name: "col\($0)", ints: [Int64($0)]) }
        let frame = try DataFrame(columns: columns)
        var style = TableStyle()
        style.maxWidth = 40
        let text = TableRenderer.render(frame, style: style)
        #expect(text == """
            shape: (1, 6)
            ┌──────┬──────┬──────┬───┬──────┬──────┐
            │ col1 │ col2 │ col3 │ … │ col5 │ col6 │
            │ int  │ int  │ int  │ … │ int  │ int  │
            ╞══════╪══════╪══════╪═══╪══════╪══════╡
            │ 1    │ 2    │ 3    │ … │ 5    │ 6    │
            └──────┴──────┴──────┴───┴──────┴──────┘
            """)
        for line in text.split(separator: "\n").dropFirst() { #expect(line.unicodeScalars.count == 40) }
    }

    @Test func longStringsAreCut() throws {
        let frame = try DataFrame(columns: [
            Column(name: "s", strings: ["short", "a rather long piece of text here", "tab\there"]),
        ])
        var style = TableStyle()
        style.maxCellWidth = 10
        #expect(TableRenderer.render(frame, style: style) == """
            shape: (3, 1)
            ┌────────────┐
            │ s          │
            │ string     │
            ╞════════════╡
            │ short      │
            │ a rather … │
            │ tab\\there  │
            └────────────┘
            """)
    }

    @Test func emptyFrames() throws {
        let noRows = try DataFrame(columns: [Column(name: "a", ints: []), Column(name: "b", strings: [])])
        #expect(TableRenderer.render(noRows) == """
            shape: (0, 2)
            ┌─────┬────────┐
            │ a   │ b      │
            │ int │ string │
            ╞═════╪════════╡
            └─────┴────────┘
            """)
        #expect(TableRenderer.render(DataFrame()) == "shape: (0, 0)")
    }

    @Test func wideCharactersCountTwoColumns() throws {
        let frame = try DataFrame(columns: [Column(name: "名前", strings: ["東京", "x"])])
        #expect(TableRenderer.render(frame) == """
            shape: (2, 1)
            ┌────────┐
            │ 名前   │
            │ string │
            ╞════════╡
            │ 東京   │
            │ x      │
            └────────┘
            """)
    }
}
