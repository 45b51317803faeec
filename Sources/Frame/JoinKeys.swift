/// Row keys for joins and unique: every key column (one or several, any type) becomes one UInt64
/// per row such that two rows have equal keys exactly when all their key values are equal.
///
/// Equality is total: -0.0 equals 0.0 and NaN equals NaN (as in group-by), strings compare by bytes.
/// A join never matches a row with a null in any key column (SQL and the Polars default); unique
/// treats null as a value of its own.

/// One UInt64 key per row plus the rows excluded from matching; the pointers stay valid while the
/// vector (which holds their buffers) is alive.
struct KeyVector {
    let count: Int
    let keys: UnsafePointer<UInt64>
    /// 1 where the row takes no part in matching (a null key, or a value the other side lacks); nil when no row is excluded.
    let excluded: UnsafePointer<UInt8>?
    /// Keeps the buffers behind `keys` and `excluded` alive.
    let owners: [AnyObject]

    init(keys: ColumnBuffer<UInt64>, excluded: ColumnBuffer<UInt8>?) {
        count = keys.count
        self.keys = UnsafePointer(keys.base)
        self.excluded = excluded.map { UnsafePointer($0.base) }
        owners = excluded.map { [keys, $0] } ?? [keys]
    }

    /// The Int64 values of a column read as UInt64 bit patterns, without copying.
    init(bitsOf values: ColumnBuffer<Int64>, excluded: ColumnBuffer<UInt8>?) {
        count = values.count
        keys = UnsafeRawPointer(values.base).assumingMemoryBound(to: UInt64.self)
        self.excluded = excluded.map { UnsafePointer($0.base) }
        owners = excluded.map { [values, $0] } ?? [values]
    }

    @inline(__always) func isExcluded(_ row: Int) -> Bool {
        guard let excluded else { return false }
        return excluded[row] != 0
    }
}

/// Something that hands out dense group ids for UInt64 keys.
protocol GroupTable: AnyObject {
    func insert(_ key: UInt64) -> Int32
    func find(_ key: UInt64) -> Int32
}

extension UInt64GroupTable: GroupTable {}
extension DenseGroupTable: GroupTable {}

/// Dense group ids shared by two key vectors: the build side defines the groups (first-occurrence
/// order); a probe row gets the group of an equal build key or -1. Excluded rows get -1.
struct GroupAssignment {
    let build: ColumnBuffer<Int32>
    let probe: ColumnBuffer<Int32>?
    let groupCount: Int
    /// Number of probe rows with a group (0 without a probe side).
    let matchedProbeRows: Int
}

enum KeyEncoding {
    /// Groups for `build` and, if given, `probe`; a direct-address table when the build keys span a
    /// small range, else an open-addressing hash table.
    static func assignGroups(build: KeyVector, probe: KeyVector?) -> GroupAssignment {
        var minimum = UInt64.max
        var maximum: UInt64 = 0
        var signedMinimum = Int64.max
        var signedMaximum = Int64.min
        var any = false
        for row in 0..<build.count where !build.isExcluded(row) {
            let key = build.keys[row]
            minimum = min(minimum, key)
            maximum = max(maximum, key)
            signedMinimum = min(signedMinimum, Int64(bitPattern: key))
            signedMaximum = max(signedMaximum, Int64(bitPattern: key))
            any = true
        }
        if any {
            // Keys may be unsigned codes or signed integers: take the narrower of the two spans (the
            // wrapping difference is the exact span either way).
            let limit = UInt64(max(4 * build.count, 4096))
            let unsignedSpan = maximum &- minimum
            let signedSpan = UInt64(bitPattern: signedMaximum) &- UInt64(bitPattern: signedMinimum)
            if unsignedSpan <= signedSpan, unsignedSpan < limit {
                return run(DenseGroupTable(minimum: minimum, range: Int(unsignedSpan) + 1), build, probe)
            }
            if signedSpan < limit {
                return run(
                    DenseGroupTable(minimum: UInt64(bitPattern: signedMinimum), range: Int(signedSpan) + 1), build, probe)
            }
        }
        return run(UInt64GroupTable(maximumKeys: max(1, build.count)), build, probe)
    }

    private static func run<Table: GroupTable>(_ table: Table, _ build: KeyVector, _ probe: KeyVector?) -> GroupAssignment {
        let buildGroups = ColumnBuffer<Int32>(uninitializedCount: build.count)
        var groupCount: Int32 = -1
        let out = buildGroups.base
        if let excluded = build.excluded {
            for row in 0..<build.count {
                if excluded[row] != 0 {
                    out[row] = -1
                } else {
                    let group = table.insert(build.keys[row])
                    out[row] = group
                    groupCount = max(groupCount, group)
                }
            }
        } else {
            for row in 0..<build.count {
                let group = table.insert(build.keys[row])
                out[row] = group
                groupCount = max(groupCount, group)
            }
        }
        guard let probe else {
            return GroupAssignment(build: buildGroups, probe: nil, groupCount: Int(groupCount) + 1, matchedProbeRows: 0)
        }
        let probeGroups = ColumnBuffer<Int32>(uninitializedCount: probe.count)
        let target = probeGroups.base
        // Lookups only read the table, so large probe sides are split over cores.
        let ranges = RowRanges.count(for: probe.count)
        let matchedPerRange = UnsafeMutablePointer<Int>.allocate(capacity: ranges)
        defer { matchedPerRange.deallocate() }
        ParallelWork.run(ranges) { index in
            var matched = 0
            let rows = RowRanges.range(index, of: ranges, rows: probe.count)
            if let excluded = probe.excluded {
                for row in rows {
                    let group: Int32 = excluded[row] != 0 ? -1 : table.find(probe.keys[row])
                    target[row] = group
                    matched &+= presence(group)
                }
            } else {
                for row in rows {
                    let group = table.find(probe.keys[row])
                    target[row] = group
                    matched &+= presence(group)
                }
            }
            matchedPerRange[index] = matched
        }
        var matched = 0
        for index in 0..<ranges { matched += matchedPerRange[index] }
        return GroupAssignment(
            build: buildGroups, probe: probeGroups, groupCount: Int(groupCount) + 1, matchedProbeRows: matched)
    }

    // MARK: key columns to key vectors

    /// Key vectors for a join: nulls and values the build side lacks are excluded.
    static func join(build: [Column], probe: [Column]) -> (build: KeyVector, probe: KeyVector) {
        if build.count == 1, let single = singleFixedWidth(build[0], probe[0]) { return single }
        var state = encode(build[0], probe[0], nullsMatch: false)
        for index in 1..<build.count {
            state = combine(state, encode(build[index], probe[index], nullsMatch: false))
        }
        return (KeyVector(keys: state.build, excluded: state.buildExcluded),
                KeyVector(keys: state.probe ?? state.build, excluded: state.probeExcluded))
    }

    /// The key vector of a frame's key columns for unique: null is a value, no row is excluded.
    static func distinct(_ columns: [Column]) -> KeyVector {
        // One fixed-width column without nulls is its own key (an int column without a copy).
        if columns.count == 1, columns[0].validity == nil {
            switch columns[0].storage {
            case .int64(let values): return KeyVector(bitsOf: values, excluded: nil)
            case .float64, .bool:
                if let bits = fixedBits(columns[0]) { return KeyVector(keys: bits, excluded: nil) }
            case .dictionary(let strings):
                // Equal codes are equal strings: the codes are the key.
                let keys = ColumnBuffer<UInt64>(uninitializedCount: columns[0].count)
                for row in 0..<keys.count { keys.base[row] = UInt64(strings.codes.base[row]) }
                return withExtendedLifetime(strings.codes) { KeyVector(keys: keys, excluded: nil) }
            case .utf8:
                break
            }
        }
        var state = encode(columns[0], nil, nullsMatch: true)
        for column in columns.dropFirst() {
            state = combine(state, encode(column, nil, nullsMatch: true))
        }
        return KeyVector(keys: state.build, excluded: nil)
    }

    /// A single fixed-width key needs no codes: its bits are the key (int64 columns without a copy).
    private static func singleFixedWidth(_ build: Column, _ probe: Column) -> (build: KeyVector, probe: KeyVector)? {
        switch (build.storage, probe.storage) {
        case (.int64(let left), .int64(let right)):
            return (KeyVector(bitsOf: left, excluded: nullMask(build)), KeyVector(bitsOf: right, excluded: nullMask(probe)))
        case (.float64, .float64), (.bool, .bool):
            guard let left = fixedBits(build), let right = fixedBits(probe) else { return nil }
            return (KeyVector(keys: left, excluded: nullMask(build)), KeyVector(keys: right, excluded: nullMask(probe)))
        default:
            return nil
        }
    }

    /// One byte per row, 1 where the column is null; nil when it has no nulls.
    static func nullMask(_ column: Column) -> ColumnBuffer<UInt8>? {
        guard let validity = column.validity else { return nil }
        let mask = ColumnBuffer<UInt8>(uninitializedCount: column.count)
        for row in 0..<column.count { mask.base[row] = validity.isValid(row) ? 0 : 1 }
        return mask
    }

    /// The values of a fixed-width column as UInt64 with total equality (floats: -0.0 → 0.0, one NaN).
    static func fixedBits(_ column: Column) -> ColumnBuffer<UInt64>? {
        let count = column.count
        switch column.storage {
        case .int64(let values):
            let out = ColumnBuffer<UInt64>(uninitializedCount: count)
            for row in 0..<count { out.base[row] = UInt64(bitPattern: values.base[row]) }
            return out
        case .float64(let values):
            let out = ColumnBuffer<UInt64>(uninitializedCount: count)
            let nan = Double.nan.bitPattern
            for row in 0..<count {
                let value = values.base[row]
                out.base[row] = value.isNaN ? nan : (value == 0 ? 0 : value.bitPattern)
            }
            return out
        case .bool(let values):
            let out = ColumnBuffer<UInt64>(uninitializedCount: count)
            for row in 0..<count { out.base[row] = UInt64(values.base[row]) }
            return out
        case .utf8, .dictionary:
            return nil
        }
    }

    /// Codes of one or more key columns so far: codes lie in `0..<cardinality`; null (when it is a
    /// value) is code 0; excluded rows hold code 0 too.
    struct Codes {
        var build: ColumnBuffer<UInt64>
        var probe: ColumnBuffer<UInt64>?
        var buildExcluded: ColumnBuffer<UInt8>?
        var probeExcluded: ColumnBuffer<UInt8>?
        var cardinality: UInt64
    }

    /// Codes of one key column: group ids over the build side, plus one (0 is null).
    private static func encode(_ build: Column, _ probe: Column?, nullsMatch: Bool) -> Codes {
        let assignment: GroupAssignment
        switch build.storage {
        case .utf8(let strings):
            assignment = stringGroups(build, strings, probe)
        case .dictionary(let strings):
            assignment = DictionaryJoinKeys.groups(build, strings, probe)
        default:
            guard let bits = fixedBits(build) else { return Codes(build: ColumnBuffer(uninitializedCount: 0), cardinality: 1) }
            let probeBits = probe.flatMap(fixedBits)
            assignment = assignGroups(
                build: KeyVector(keys: bits, excluded: nullMask(build)),
                probe: probeBits.map { KeyVector(keys: $0, excluded: probe.flatMap(nullMask)) })
        }
        let buildCodes = codes(from: assignment.build)
        var codes = Codes(
            build: buildCodes, probe: assignment.probe.map(codes(from:)),
            buildExcluded: nil, probeExcluded: nil, cardinality: UInt64(assignment.groupCount) + 1)
        if !nullsMatch {
            codes.buildExcluded = zeroCodes(codes.build)
            codes.probeExcluded = codes.probe.flatMap(zeroCodes)
        }
        return codes
    }

    /// Group ids of a string key column (and its partner), from a string table over the build side.
    private static func stringGroups(_ build: Column, _ strings: StringStorage, _ probe: Column?) -> GroupAssignment {
        let table = StringGroupTable(strings, maximumKeys: max(1, build.count))
        let buildGroups = ColumnBuffer<Int32>(uninitializedCount: build.count)
        for row in 0..<build.count {
            buildGroups.base[row] = build.isNull(row) ? -1 : table.insert(row: row)
        }
        if let probe, let probeDictionary = probe.dictionaryValues {
            let entryGroups = DictionaryJoinKeys.entryGroups(probeDictionary.values) { table.find($0) }
            let (probeGroups, matched) = DictionaryJoinKeys.probeGroups(probe, probeDictionary, entryGroups)
            return GroupAssignment(build: buildGroups, probe: probeGroups, groupCount: table.groupCount, matchedProbeRows: matched)
        }
        guard let probe, let probeStrings = probe.stringValues else {
            return GroupAssignment(build: buildGroups, probe: nil, groupCount: table.groupCount, matchedProbeRows: 0)
        }
        let probeGroups = ColumnBuffer<Int32>(uninitializedCount: probe.count)
        var matched = 0
        withExtendedLifetime(probeStrings) {
            let source = ColumnStrings(probeStrings)
            for row in 0..<probe.count {
                let group: Int32 = probe.isNull(row) ? -1 : table.find(source.bytes(row))
                probeGroups.base[row] = group
                matched &+= presence(group)
            }
        }
        return GroupAssignment(build: buildGroups, probe: probeGroups, groupCount: table.groupCount, matchedProbeRows: matched)
    }

    /// Group id + 1 per row (so -1, a null or absent value, becomes code 0).
    private static func codes(from groups: ColumnBuffer<Int32>) -> ColumnBuffer<UInt64> {
        let out = ColumnBuffer<UInt64>(uninitializedCount: groups.count)
        for row in 0..<groups.count { out.base[row] = UInt64(bitPattern: Int64(groups.base[row]) &+ 1) }
        return out
    }

    /// 1 where the code is 0 (null or absent); nil when there is none.
    private static func zeroCodes(_ codes: ColumnBuffer<UInt64>) -> ColumnBuffer<UInt8>? {
        var any = false
        let mask = ColumnBuffer<UInt8>(uninitializedCount: codes.count)
        for row in 0..<codes.count {
            let zero: UInt8 = codes.base[row] == 0 ? 1 : 0
            mask.base[row] = zero
            any = any || zero != 0
        }
        return any ? mask : nil
    }

    /// Mixed-radix combination of the codes so far with one more column's codes; when the product
    /// of cardinalities would overflow, the codes so far are first renumbered densely.
    private static func combine(_ first: Codes, _ next: Codes) -> Codes {
        var current = first
        if current.cardinality.multipliedReportingOverflow(by: next.cardinality).overflow {
            current = renumber(current)
        }
        let radix = next.cardinality
        let build = ColumnBuffer<UInt64>(uninitializedCount: current.build.count)
        for row in 0..<build.count { build.base[row] = current.build.base[row] &* radix &+ next.build.base[row] }
        var probe: ColumnBuffer<UInt64>? = nil
        if let left = current.probe, let right = next.probe {
            let out = ColumnBuffer<UInt64>(uninitializedCount: left.count)
            for row in 0..<out.count { out.base[row] = left.base[row] &* radix &+ right.base[row] }
            probe = out
        }
        return Codes(
            build: build, probe: probe,
            buildExcluded: orMasks(current.buildExcluded, next.buildExcluded),
            probeExcluded: orMasks(current.probeExcluded, next.probeExcluded),
            cardinality: current.cardinality &* radix)
    }

    /// The same codes renumbered densely over the build side (probe codes the build side lacks
    /// become excluded), so the cardinality is at most the build row count + 1.
    private static func renumber(_ codes: Codes) -> Codes {
        let assignment = assignGroups(
            build: KeyVector(keys: codes.build, excluded: codes.buildExcluded),
            probe: codes.probe.map { KeyVector(keys: $0, excluded: codes.probeExcluded) })
        var probeExcluded = codes.probeExcluded
        if let probe = assignment.probe {
            let mask = ColumnBuffer<UInt8>(uninitializedCount: probe.count)
            for row in 0..<probe.count { mask.base[row] = probe.base[row] < 0 ? 1 : 0 }
            probeExcluded = mask
        }
        return Codes(
            build: self.codes(from: assignment.build), probe: assignment.probe.map(self.codes(from:)),
            buildExcluded: codes.buildExcluded, probeExcluded: probeExcluded,
            cardinality: UInt64(assignment.groupCount) + 1)
    }

    private static func orMasks(_ a: ColumnBuffer<UInt8>?, _ b: ColumnBuffer<UInt8>?) -> ColumnBuffer<UInt8>? {
        guard let a else { return b }
        guard let b else { return a }
        let out = ColumnBuffer<UInt8>(uninitializedCount: a.count)
        for row in 0..<a.count { out.base[row] = a.base[row] | b.base[row] }
        return out
    }
}
