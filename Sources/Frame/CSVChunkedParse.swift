#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses the data records of an input into columns, on several threads when the input is large.
///
/// The input is cut into chunks at line feeds; the line count of each chunk bounds its rows, so
/// every column gets one buffer and each chunk writes its rows in place. A cut may fall inside a
/// quoted field, so the cuts are only guesses: after the parse, each chunk must have ended exactly
/// where the next one began (then every chunk started on a record boundary, by induction), and if
/// one did not, the whole input is parsed again as one chunk. The result never depends on the
/// number of chunks.
struct CSVChunkedParse {
    let input: CSVInput
    let sourceName: String
    let dataStart: Int
    let names: [String]
    /// Per column: the kind a given type fixes, or nil to infer.
    let fixed: [CSVKind?]
    let options: CSVOptions
    let tokens: NullTokens

    var width: Int { names.count }

    func columns() throws(FrameError) -> [Column] {
        let wanted = plannedChunkCount()
        if wanted > 1, let columns = try attempt(chunkCount: wanted) { return columns }
        if let columns = try attempt(chunkCount: 1) { return columns }
        throw FrameError(.parse, "\(sourceName): the reader lost track of the records (please report this file)")
    }

    /// Four chunks per thread for large inputs (so a thread on a slower core takes fewer of them:
    /// on a shared VM one vCPU is sometimes much slower than the other), one thread per core;
    /// one chunk for small inputs and for a row limit.
    func plannedChunkCount() -> Int {
        if options.rowLimit != nil { return 1 }
        let threads = options.maximumThreads ?? min(ParallelWork.processorCount, 8)
        let bySize = (input.count - dataStart) / max(1, options.minimumBytesPerThread)
        let count = max(1, min(threads, bySize))
        return count == 1 ? 1 : 4 * count
    }

    /// Chunk starts, each just after a line feed, followed by the end of the input.
    func boundaries(_ count: Int) -> [Int] {
        var starts = [dataStart]
        let total = input.count - dataStart
        for index in 1..<max(count, 1) {
            let target = max(dataStart + total / count * index, (starts.last ?? dataStart) + 1)
            guard target < input.count, let found = memchr(input.base + target, Int32(CSVChunk.lineFeed), input.count - target)
            else { break }
            let next = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - input.base + 1
            if next >= input.count { break }
            starts.append(next)
        }
        starts.append(input.count)
        return starts
    }

    /// Parses with `chunkCount` chunks; nil when a chunk did not end where the next began.
    func attempt(chunkCount: Int) throws(FrameError) -> [Column]? {
        let bounds = boundaries(chunkCount)
        let count = bounds.count - 1
        let capacities = rowCapacities(bounds)
        var rowBases = [0]
        for capacity in capacities { rowBases.append((rowBases.last ?? 0) + capacity) }
        let totalCapacity = rowBases[count]

        // A column of inferred type gets a slots, a codes and an offsets block. The one its first
        // value suggests comes from the reuse cache (warm pages): slots for numbers, codes for
        // strings (kept as dictionary codes unless there are too many distinct ones). The others
        // are fresh mappings, which cost nothing unless written and are unmapped if unused, so
        // they never take a warm block's place.
        let guesses = guessedStrings(bounds[0], bounds[1])
        var slotBlocks: [RawAllocation?] = []
        var offsetBlocks: [RawAllocation?] = []
        var codeBlocks: [RawAllocation?] = []
        for column in 0..<width {
            let slotBytes = totalCapacity * 8
            let offsetBytes = (totalCapacity + 1) * 8
            let codeBytes = totalCapacity * 4
            switch fixed[column] {
            case .string?:
                slotBlocks.append(nil)
                offsetBlocks.append(Memory.allocateFresh(byteCount: offsetBytes))
                codeBlocks.append(Memory.allocate(byteCount: codeBytes))
            case .some:
                slotBlocks.append(Memory.allocate(byteCount: slotBytes))
                offsetBlocks.append(nil)
                codeBlocks.append(nil)
            case nil:
                let strings = guesses[column]
                slotBlocks.append(strings ? Memory.allocateFresh(byteCount: slotBytes) : Memory.allocate(byteCount: slotBytes))
                offsetBlocks.append(Memory.allocateFresh(byteCount: offsetBytes))
                codeBlocks.append(strings ? Memory.allocate(byteCount: codeBytes) : Memory.allocateFresh(byteCount: codeBytes))
            }
        }
        let states = UnsafeMutablePointer<CSVChunkColumn>.allocate(capacity: max(1, count * width))
        let chunks = UnsafeMutablePointer<CSVChunk>.allocate(capacity: max(1, count))
        let unused = CSVChunkedParse.unusedPointer
        for index in 0..<count {
            for column in 0..<width {
                let slots = slotBlocks[column].map { $0.address.assumingMemoryBound(to: UInt64.self) + rowBases[index] }
                let offsets = offsetBlocks[column].map {
                    $0.address.assumingMemoryBound(to: Int64.self) + 1 + rowBases[index]
                }
                let codes = codeBlocks[column].map { $0.address.assumingMemoryBound(to: UInt32.self) + rowBases[index] }
                (states + index * width + column).initialize(to: CSVChunkColumn(
                    kind: fixed[column] ?? .undetermined, isFixed: fixed[column] != nil,
                    slots: slots ?? UnsafeMutableRawPointer(unused).assumingMemoryBound(to: UInt64.self),
                    offsets: offsets ?? UnsafeMutableRawPointer(unused).assumingMemoryBound(to: Int64.self),
                    codes: codes ?? UnsafeMutableRawPointer(unused).assumingMemoryBound(to: UInt32.self),
                    hasCodes: codes != nil,
                    bytes: UnsafeMutableRawPointer(unused).assumingMemoryBound(to: UInt8.self)))
            }
            (chunks + index).initialize(to: CSVChunk(
                input: input, base: input.base, end: input.count, delimiter: options.delimiter, width: width,
                tokens: tokens, fastNumbers: fastNumbers, start: bounds[index], stop: bounds[index + 1],
                rowCapacity: capacities[index], isLimit: options.rowLimit != nil,
                columns: states + index * width, columnNames: names))
            for column in 0..<width where fixed[column] == .string {
                chunks[index].beginStrings(states + index * width + column)
            }
        }
        var adopted = Set<Int>()
        defer {
            for index in 0..<count * width {
                if let nulls = states[index].nulls { Memory.release(nulls) }
                if let bytes = states[index].bytesBlock, !adopted.contains(index) { Memory.release(bytes) }
                states[index].dictionary.deallocate()
            }
            states.deinitialize(count: count * width)
            states.deallocate()
            chunks.deinitialize(count: count)
            chunks.deallocate()
        }
        let work = UncheckedSendable(chunks)
        ParallelWork.run(count) { index in (work.value + index).pointee.parse() }

        for index in 0..<count {
            if let error = chunks[index].error {
                for block in slotBlocks + offsetBlocks + codeBlocks { if let block { Memory.release(block) } }
                throw error
            }
            let ended = chunks[index].overflowed || (index + 1 < count && chunks[index].position != bounds[index + 1])
            if ended {
                for block in slotBlocks + offsetBlocks + codeBlocks { if let block { Memory.release(block) } }
                return nil
            }
        }

        var assembly = CSVAssembly(
            chunks: chunks, chunkCount: count, width: width, rowBases: rowBases, names: names, fixed: fixed)
        var columns: [Column] = []
        var rescans: [Int] = []
        for column in 0..<width {
            if let built = assembly.column(column, slots: slotBlocks[column], offsets: offsetBlocks[column], codes: codeBlocks[column]) {
                columns.append(built)
            } else {
                rescans.append(column)
                columns.append(Column(name: names[column], nullsOf: .string, count: 0))
            }
        }
        adopted = assembly.adoptedByteBlocks
        if !rescans.isEmpty {
            let rescan = CSVRescan(
                input: input, sourceName: sourceName, dataStart: dataStart, width: width, names: names, options: options, tokens: tokens)
            let rebuilt = try rescan.columns(rescans, asString: rescans.map { fixed[$0] == .string })
            for (position, column) in rescans.enumerated() { columns[column] = rebuilt[position] }
        }
        return columns
    }

    /// Per column, whether the first data record's field reads as a string (a guess for where
    /// to put warm memory; a wrong one costs only page faults).
    func guessedStrings(_ start: Int, _ stop: Int) -> [Bool] {
        var guesses = [Bool](repeating: false, count: width)
        var scanner = CSVScanner(base: input.base, count: input.count, start: start, delimiter: options.delimiter)
        guard start < stop, scanner.startRecord() else { return guesses }
        for column in 0..<width {
            guard let field = try? scanner.nextField() else { break }
            var p = input.base + field.start
            var n = field.length
            while n > 0 && (p[0] == 0x20 || p[0] == 0x09) { p += 1; n -= 1 }
            while n > 0 && (p[n - 1] == 0x20 || p[n - 1] == 0x09) { n -= 1 }
            let null = !field.quoted && (n == 0 || tokens.matches(input.base, field.start, field.length))
            guesses[column] = !null && (field.escaped || CSVChunk.firstKind(p, n) == .string)
            if field.endsRecord { break }
        }
        return guesses
    }

    /// Whether the ints and floats fast paths are safe: no null token reads as a number and the
    /// delimiter cannot be part of one.
    var fastNumbers: Bool {
        let delimiter = options.delimiter
        if (delimiter >= UInt8(ascii: "0") && delimiter <= UInt8(ascii: "9")) || delimiter == UInt8(ascii: ".")
            || delimiter == UInt8(ascii: "-") || delimiter == UInt8(ascii: "+")
        {
            return false
        }
        for token in tokens.tokens {
            let parsed = token.withUnsafeBufferPointer { buffer -> Bool in
                guard let start = buffer.baseAddress else { return false }
                return NumberParsing.double(start, buffer.count) != nil || NumberParsing.int64(start, buffer.count) != nil
            }
            if parsed { return false }
        }
        return true
    }

    /// An upper bound on the rows of each chunk (at most the row limit): its line feeds, plus one
    /// when it does not end with a line feed. Exact unless there are blank lines or quoted line
    /// breaks, so the chunks' rows usually meet without a gap to close.
    func rowCapacities(_ bounds: [Int]) -> [Int] {
        let count = bounds.count - 1
        let base = UncheckedSendable(input.base)
        @Sendable func capacity(_ from: Int, _ to: Int, atMost: Int) -> Int {
            let unterminated = to > from && base.value[to - 1] != CSVChunk.lineFeed ? 1 : 0
            return CSVChunkedParse.countLineFeeds(base.value, from: from, to: to, atMost: atMost) + unterminated
        }
        if let limit = options.rowLimit {
            return [min(limit, capacity(bounds[0], bounds[1], atMost: limit))]
        }
        var capacities = [Int](repeating: 0, count: count)
        capacities.withUnsafeMutableBufferPointer { buffer in
            guard let pointer = buffer.baseAddress else { return }
            let target = UncheckedSendable(pointer)
            ParallelWork.run(count) { index in
                // Fault the chunk's pages in with one call rather than one fault per few pages.
                input.populate(from: bounds[index], to: bounds[index + 1])
                target.value[index] = capacity(bounds[index], bounds[index + 1], atMost: Int.max)
            }
        }
        return capacities
    }

    /// Line feeds in `[from, to)`, counting 32 bytes at a time, stopping early once past `atMost`.
    static func countLineFeeds(_ base: UnsafePointer<UInt8>, from: Int, to: Int, atMost: Int) -> Int {
        var total = 0
        var index = from
        let lineFeeds = SIMD32<UInt8>(repeating: CSVChunk.lineFeed)
        while index + 32 <= to && total <= atMost {
            var counts = SIMD32<UInt8>(repeating: 0)
            var blocks = 0
            // 255 blocks at most, so no lane of `counts` can wrap.
            while blocks < 255 && index + 32 <= to {
                let block = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD32<UInt8>.self)
                counts &-= unsafeBitCast(block .== lineFeeds, to: SIMD32<UInt8>.self)
                index += 32
                blocks += 1
            }
            var sum = 0
            for lane in 0..<32 { sum += Int(counts[lane]) }
            total += sum
        }
        while index < to {
            if base[index] == CSVChunk.lineFeed { total += 1 }
            index += 1
        }
        return total
    }

    /// Stands in for the buffers a column does not use (never written: see `CSVChunkColumn`).
    nonisolated(unsafe) static let unusedPointer = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64)
}
