/// Join and unique keys of dictionary-encoded string columns: build-side groups come from the
/// codes (a direct table, no hashing per row), and the other side's strings are looked up once
/// per table entry (or once per row when that side is plain), never per row in both.
enum DictionaryJoinKeys {
    /// Group ids of a dictionary build column (first appearance order, -1 for nulls) and, if
    /// given, of the probe column's rows (-1 for nulls and values the build side lacks).
    static func groups(_ build: Column, _ strings: DictionaryStrings, _ probe: Column?) -> GroupAssignment {
        let entryCount = strings.values.count
        let table = DenseGroupTable(minimum: 0, range: max(1, entryCount))
        let n = build.count
        let buildGroups = ColumnBuffer<Int32>(uninitializedCount: n)
        let codes = strings.codes.base
        withExtendedLifetime(strings.codes) {
            forEachRow(in: 0..<n, validity: build.validity, { row in buildGroups.base[row] = table.insert(UInt64(codes[row])) },
                       null: { row in buildGroups.base[row] = -1 })
        }
        let groupCount = Int(table.groupCount)
        guard let probe, probe.type == .string else {
            return GroupAssignment(build: buildGroups, probe: nil, groupCount: groupCount, matchedProbeRows: 0)
        }
        // The build side's entries by bytes: entries are distinct, so entry e gets group e here.
        let entries = StringGroupTable(strings.values, maximumKeys: max(1, entryCount))
        for entry in 0..<entryCount { _ = entries.insert(row: entry) }
        @inline(__always) func group(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
            let entry = entries.find(bytes)
            return entry < 0 ? -1 : table.find(UInt64(entry))
        }
        if let probeDictionary = probe.dictionaryValues {
            let entryGroups = self.entryGroups(probeDictionary.values, group)
            let (probeGroups, matched) = probeGroups(probe, probeDictionary, entryGroups)
            return GroupAssignment(build: buildGroups, probe: probeGroups, groupCount: groupCount, matchedProbeRows: matched)
        }
        guard let probeStrings = probe.stringValues else {
            return GroupAssignment(build: buildGroups, probe: nil, groupCount: groupCount, matchedProbeRows: 0)
        }
        let probeGroups = ColumnBuffer<Int32>(uninitializedCount: probe.count)
        var matched = 0
        withExtendedLifetime(probeStrings) {
            let rows = ColumnStrings(probeStrings)
            forEachRow(in: 0..<probe.count, validity: probe.validity, { row in
                let found = group(rows.bytes(row))
                probeGroups.base[row] = found
                matched &+= presence(found)
            }, null: { row in probeGroups.base[row] = -1 })
        }
        return GroupAssignment(build: buildGroups, probe: probeGroups, groupCount: groupCount, matchedProbeRows: matched)
    }

    /// The group of each entry of a probe table, found by its bytes.
    static func entryGroups(_ values: StringStorage, _ group: (UnsafeBufferPointer<UInt8>) -> Int32) -> [Int32] {
        withExtendedLifetime(values) {
            let entries = ColumnStrings(values)
            return (0..<values.count).map { group(entries.bytes($0)) }
        }
    }

    /// Probe rows' groups through their codes (-1 for null rows), and how many rows have one.
    static func probeGroups(_ probe: Column, _ strings: DictionaryStrings, _ entryGroups: [Int32]) -> (ColumnBuffer<Int32>, Int) {
        let n = probe.count
        let out = ColumnBuffer<Int32>(uninitializedCount: n)
        var matched = 0
        let codes = strings.codes.base
        withExtendedLifetime(strings.codes) {
            entryGroups.withUnsafeBufferPointer { entryGroups in
                forEachRow(in: 0..<n, validity: probe.validity, { row in
                    let found = entryGroups[Int(codes[row])]
                    out.base[row] = found
                    matched &+= presence(found)
                }, null: { row in out.base[row] = -1 })
            }
        }
        return (out, matched)
    }
}
