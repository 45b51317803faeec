/// Assembly of a string column whose chunks kept dictionaries: the chunks' tables are merged in
/// chunk order (so codes follow first appearance in the file, whatever the number of chunks),
/// each chunk's codes are mapped to the merged ones in place, and the codes buffer becomes the
/// column's. A column with too many distinct strings (or a chunk that gave up its table) is
/// turned back into plain bytes for the usual assembly.
extension CSVAssembly {
    /// The dictionary-encoded column, or nil after turning every chunk's part into plain bytes.
    /// Takes over `block` only when it returns a column.
    mutating func dictionaryColumn(_ column: Int, codes block: RawAllocation, validity: Bitmap?) -> Column? {
        var anyEntries = false
        for chunk in 0..<chunkCount {
            let part = state(chunk, column)
            if part.isDictionary {
                anyEntries = anyEntries || part.dictionary.count > 0
            } else if part.kind != .undetermined {
                // This chunk holds plain bytes already.
                toPlain(column)
                return nil
            }
        }
        guard anyEntries else {
            toPlain(column)
            return nil
        }
        var builder = DictionaryBuilder()
        var remaps: [[UInt32]] = []
        for chunk in 0..<chunkCount {
            let part = state(chunk, column)
            var remap: [UInt32] = []
            if part.isDictionary {
                remap.reserveCapacity(part.dictionary.count)
                for entry in 0..<part.dictionary.count {
                    let (start, length) = part.dictionary.entry(entry)
                    remap.append(builder.code(UnsafePointer(part.bytes) + start, length))
                }
            }
            // Chunks that saw only nulls hold code 0 in every row.
            if remap.isEmpty { remap.append(0) }
            remaps.append(remap)
        }
        let distinct = builder.count
        let values = builder.finish()
        if distinct > CSVChunkDictionary.maximumEntries || distinct * 2 > rowCount {
            toPlain(column)
            return nil
        }
        let codes = block.address.assumingMemoryBound(to: UInt32.self)
        let rowBases = self.rowBases
        let destinations = self.destinations
        let moves = (0..<chunkCount).contains { destinations[$0] != rowBases[$0] }
        let rows = (0..<chunkCount).map { chunks[$0].rows }
        let work = UncheckedSendable(codes)
        // Without gaps between chunks each chunk maps its own rows in place, on its own thread;
        // with gaps rows move down, chunk after chunk (a chunk's rows never land on a later one's).
        ParallelWork.run(moves ? 1 : chunkCount) { part in
            for chunk in (moves ? 0..<chunkCount : part..<part + 1) {
                let remap = remaps[chunk]
                let identity = remap.indices.allSatisfy { remap[$0] == UInt32(truncatingIfNeeded: $0) }
                if identity && destinations[chunk] == rowBases[chunk] { continue }
                let source = work.value + rowBases[chunk]
                let destination = work.value + destinations[chunk]
                remap.withUnsafeBufferPointer { remap in
                    for row in 0..<rows[chunk] { destination[row] = remap[Int(source[row])] }
                }
            }
        }
        let buffer = ColumnBuffer<UInt32>(adopting: Memory.shrink(block, to: rowCount * 4), count: rowCount)
        return Column(name: names[column], type: .string, count: rowCount,
                      storage: .dictionary(DictionaryStrings(codes: buffer, values: values)), validity: validity)
    }

    /// Turns every chunk's dictionary part of `column` into plain offsets and bytes.
    func toPlain(_ column: Int) {
        let work = UncheckedSendable(chunks)
        ParallelWork.run(chunkCount) { chunk in
            let target = work.value + chunk
            let state = target.pointee.columns + column
            if state.pointee.isDictionary { target.pointee.dictionaryToPlain(state, rows: target.pointee.rows) }
        }
    }
}
