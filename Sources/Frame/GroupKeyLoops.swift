/// The loops that give rows dense group ids from integer keys: a direct table for keys in a small
/// range, an open-addressing table otherwise.
///
/// Above a million rows the rows are split into two chunks indexed at once on two threads, each
/// with its own table and its own ids; the second chunk's ids are then mapped onto the first's
/// (groups new in the second chunk numbered after, in their order of appearance), so the result is
/// exactly that of one pass, whatever the number of threads.
extension GroupKeys {
    /// What indexing one chunk found: its groups' first rows (by local id) and its null group.
    struct ChunkGroups {
        var firstRows: [Int] = []
        var nullGroup: Int32 = -1
    }

    /// Groups keys that lie in `0..<range` through tables of `range` group ids.
    static func denseIndex<Keys: GroupKeySource>(_ keys: Keys, range: Int, count: Int, validity: Bitmap?) -> GroupIndex {
        let ids = ColumnBuffer<Int32>(uninitializedCount: count)
        let chunks = MomentKernels.chunks(count)
        let tables = UnsafeMutablePointer<Int32>.allocate(capacity: max(range * chunks.count, 1))
        defer { tables.deallocate() }
        let found = UnsafeMutablePointer<ChunkGroups>.allocate(capacity: chunks.count)
        found.initialize(repeating: ChunkGroups(), count: chunks.count)
        defer { found.deinitialize(count: chunks.count).deallocate() }
        let shared = UncheckedSendable((tables, found, ids.base))
        ParallelWork.run(chunks.count) { chunk in
            let (tables, found, out) = shared.value
            let table = tables + chunk * range
            table.initialize(repeating: -1, count: range)
            found[chunk] = denseChunk(keys, table: table, rows: chunks[chunk], validity: validity, out: out)
        }
        let firstRows = withExtendedLifetime(ids) {
            merge(found, chunks, validity: validity, ids: ids.base) { row in tables[Int(truncatingIfNeeded: keys[row])] }
        }
        return GroupIndex(ids: ids, groupCount: firstRows.count, firstRows: firstRows)
    }

    /// Groups arbitrary 64-bit keys through open-addressing tables.
    static func hashIndex<Keys: GroupKeySource>(_ keys: Keys, count: Int, validity: Bitmap?) -> GroupIndex {
        let ids = ColumnBuffer<Int32>(uninitializedCount: count)
        let chunks = MomentKernels.chunks(count)
        let tables = UnsafeMutablePointer<IntegerKeyTable>.allocate(capacity: chunks.count)
        for chunk in chunks.indices { (tables + chunk).initialize(to: IntegerKeyTable()) }
        defer {
            for chunk in chunks.indices { tables[chunk].deallocate() }
            tables.deinitialize(count: chunks.count).deallocate()
        }
        let found = UnsafeMutablePointer<ChunkGroups>.allocate(capacity: chunks.count)
        found.initialize(repeating: ChunkGroups(), count: chunks.count)
        defer { found.deinitialize(count: chunks.count).deallocate() }
        let shared = UncheckedSendable((tables, found, ids.base))
        ParallelWork.run(chunks.count) { chunk in
            let (tables, found, out) = shared.value
            found[chunk] = hashChunk(keys, table: &tables[chunk], rows: chunks[chunk], validity: validity, out: out)
        }
        let firstRows = withExtendedLifetime(ids) {
            merge(found, chunks, validity: validity, ids: ids.base) { row in tables[0].find(keys[row]) }
        }
        return GroupIndex(ids: ids, groupCount: firstRows.count, firstRows: firstRows)
    }

    /// Local ids for one chunk through a direct table.
    static func denseChunk<Keys: GroupKeySource>(
        _ keys: Keys, table: UnsafeMutablePointer<Int32>, rows: Range<Int>, validity: Bitmap?, out: UnsafeMutablePointer<Int32>
    ) -> ChunkGroups {
        var groups = ChunkGroups()
        var next: Int32 = 0
        if let validity {
            for row in rows {
                if !validity.isValid(row) {
                    if groups.nullGroup < 0 {
                        groups.nullGroup = next
                        next &+= 1
                        groups.firstRows.append(row)
                    }
                    out[row] = groups.nullGroup
                    continue
                }
                let slot = Int(truncatingIfNeeded: keys[row])
                var group = table[slot]
                if group < 0 {
                    group = next
                    next &+= 1
                    table[slot] = group
                    groups.firstRows.append(row)
                }
                out[row] = group
            }
        } else {
            for row in rows {
                let slot = Int(truncatingIfNeeded: keys[row])
                var group = table[slot]
                if group < 0 {
                    group = next
                    next &+= 1
                    table[slot] = group
                    groups.firstRows.append(row)
                }
                out[row] = group
            }
        }
        return groups
    }

    /// Local ids for one chunk through a hash table.
    static func hashChunk<Keys: GroupKeySource>(
        _ keys: Keys, table: inout IntegerKeyTable, rows: Range<Int>, validity: Bitmap?, out: UnsafeMutablePointer<Int32>
    ) -> ChunkGroups {
        var groups = ChunkGroups()
        for row in rows {
            if let validity, !validity.isValid(row) {
                if groups.nullGroup < 0 {
                    groups.nullGroup = Int32(truncatingIfNeeded: groups.firstRows.count)
                    groups.firstRows.append(row)
                    table.reserveGroup()
                }
                out[row] = groups.nullGroup
                continue
            }
            let (group, inserted) = table.findOrInsert(keys[row])
            if inserted { groups.firstRows.append(row) }
            out[row] = group
        }
        return groups
    }

    /// The global first rows; renumbers the ids of every chunk after the first. `firstChunkGroup`
    /// gives the first chunk's group of a row's key (-1 when that chunk never saw it).
    static func merge(
        _ found: UnsafeMutablePointer<ChunkGroups>, _ chunks: [Range<Int>], validity: Bitmap?,
        ids: UnsafeMutablePointer<Int32>, firstChunkGroup: (Int) -> Int32
    ) -> [Int] {
        var firstRows = found[0].firstRows
        guard chunks.count > 1 else { return firstRows }
        var nullGroup = found[0].nullGroup
        for chunk in 1..<chunks.count {
            let local = found[chunk]
            var map = [Int32](repeating: 0, count: local.firstRows.count)
            var identity = true
            for (localGroup, row) in local.firstRows.enumerated() {
                var global: Int32
                if Int32(localGroup) == local.nullGroup {
                    if nullGroup < 0 {
                        nullGroup = Int32(truncatingIfNeeded: firstRows.count)
                        firstRows.append(row)
                    }
                    global = nullGroup
                } else {
                    global = firstChunkGroup(row)
                    if global < 0 {
                        global = Int32(truncatingIfNeeded: firstRows.count)
                        firstRows.append(row)
                    }
                }
                map[localGroup] = global
                identity = identity && global == Int32(localGroup)
            }
            if identity { continue }
            let rows = chunks[chunk]
            map.withUnsafeBufferPointer { map in
                let shared = UncheckedSendable((ids, map))
                let middle = rows.lowerBound + rows.count / 2
                let parts = [rows.lowerBound..<middle, middle..<rows.upperBound]
                ParallelWork.run(2) { part in
                    let (ids, map) = shared.value
                    for row in parts[part] { ids[row] = map[Int(ids[row])] }
                }
            }
        }
        return firstRows
    }
}
