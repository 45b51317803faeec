/// A stable LSD radix sort of 64-bit words by a range of their bits, on all cores.
///
/// Digits of up to 13 bits (the 8192-entry counts stay in L2): 39 key bits take three passes.
/// Each pass counts digits per thread over its own slice, so every thread knows where its share
/// of each bucket goes, and scatters its slice there; stability and the result do not depend on
/// the number of threads. Passes whose digit is the same in every word are skipped.
enum WordRadixSort {
    static let maximumDigitBits = 13

    /// Sorts `count` words at `block` by bits `lowBit ..< highBit` (the rest ride along); returns
    /// the block that holds the sorted words (`block` or a new one, the other released).
    static func sort(_ block: RawAllocation, count: Int, lowBit: Int, highBit: Int) -> RawAllocation {
        let keyBits = highBit - lowBit
        if count < 2 || keyBits <= 0 { return block }
        let passes = (keyBits + maximumDigitBits - 1) / maximumDigitBits
        let digitBits = (keyBits + passes - 1) / passes
        let buckets = 1 << digitBits
        let scratch = Memory.allocate(byteCount: count * 8)
        var source = block.address.assumingMemoryBound(to: UInt64.self)
        var target = scratch.address.assumingMemoryBound(to: UInt64.self)
        let ranges = WordAlignedRanges(count: count)
        let parts = ranges.count
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: parts * buckets)
        defer { counts.deallocate() }
        var inTarget = false
        for pass in 0..<passes {
            let shift = UInt64(lowBit + pass * digitBits)
            let mask = UInt64(buckets - 1)
            counts.initialize(repeating: 0, count: parts * buckets)
            let work = UncheckedSendable((source, target, counts))
            ParallelWork.run(parts) { part in
                let (source, _, counts) = work.value
                let mine = counts + part * buckets
                for index in ranges.range(part) { mine[Int((source[index] &>> shift) & mask)] &+= 1 }
            }
            // Skip a pass where every word has the same digit.
            var single = false
            for bucket in 0..<buckets {
                var total = 0
                for part in 0..<parts { total += counts[part * buckets + bucket] }
                if total == count { single = true }
                if total != 0 { break }
            }
            if single { continue }
            // Exclusive offsets: bucket-major, then part, so equal digits keep their order.
            var running = 0
            for bucket in 0..<buckets {
                for part in 0..<parts {
                    let slot = part * buckets + bucket
                    let here = counts[slot]
                    counts[slot] = running
                    running += here
                }
            }
            ParallelWork.run(parts) { part in
                let (source, target, counts) = work.value
                let offsets = counts + part * buckets
                for index in ranges.range(part) {
                    let word = source[index]
                    let bucket = Int((word &>> shift) & mask)
                    let position = offsets[bucket]
                    offsets[bucket] = position &+ 1
                    target[position] = word
                }
            }
            swap(&source, &target)
            inTarget.toggle()
        }
        Memory.release(inTarget ? block : scratch)
        return inTarget ? scratch : block
    }
}
