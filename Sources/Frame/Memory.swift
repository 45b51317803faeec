#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// One block of memory from `Memory`: where it is, how many bytes it spans, and how to give it back.
@usableFromInline struct RawAllocation: @unchecked Sendable {
    @usableFromInline let address: UnsafeMutableRawPointer
    /// Bytes the block spans (for a mapped block, whole pages).
    @usableFromInline let byteCount: Int
    /// True for an `mmap`ed block (released with `munmap`), false for a heap block (`free`).
    @usableFromInline let isMapped: Bool
    /// True for a speculative fresh mapping from `Memory.allocateFresh`.
    @usableFromInline var isFresh = false

    @usableFromInline init(address: UnsafeMutableRawPointer, byteCount: Int, isMapped: Bool, isFresh: Bool = false) {
        self.address = address
        self.byteCount = byteCount
        self.isMapped = isMapped
        self.isFresh = isFresh
    }
}

/// Allocation of column buffers and scratch memory.
///
/// Large blocks are mapped directly, 2 MiB-aligned, and advised to use transparent huge pages: on
/// this kind of VM the first touch of 4 KiB pages costs about 0.34 ms per MB, as much as the work of
/// a parse or a group-by pass, and huge pages cut that by about 7× (research/swift-performance.md
/// §6.1). Mapped pages cost nothing until touched, so a generous capacity is free, and released
/// blocks are kept a while for reuse (`MappedBlockCache`). Small blocks come from the heap, 64-byte aligned.
@usableFromInline enum Memory {
    /// Blocks at least this large are mapped; smaller ones come from the heap.
    static let mappedThreshold = 1 << 20
    static let hugePage = 2 << 20
    static let page = 4096

    /// At least `byteCount` bytes, uninitialized, 64-byte aligned.
    @usableFromInline static func allocate(byteCount: Int) -> RawAllocation {
        let size = max(byteCount, 1)
        if size >= mappedThreshold {
            if let reused = MappedBlockCache.shared.take(atLeast: size) { return reused }
            if let mapped = map(size) { return mapped }
        }
        var pointer: UnsafeMutableRawPointer? = nil
        if posix_memalign(&pointer, 64, size) == 0, let pointer {
            return RawAllocation(address: pointer, byteCount: size, isMapped: false)
        }
        // Out of memory leaves nothing sensible to do; the standard allocator traps the same way.
        return RawAllocation(address: UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64),
                             byteCount: size, isMapped: false)
    }

    /// At least `byteCount` bytes of a fresh mapping (never a reused block) for large sizes: for
    /// speculative reservations that are usually left unwritten (see `releaseUnused`).
    /// Without `hugePages`, the block is backed by 4 KiB pages, so a sparsely written block holds
    /// only the pages written (a huge page makes 2 MiB resident at the first byte).
    static func allocateFresh(byteCount: Int, hugePages: Bool = true) -> RawAllocation {
        let size = max(byteCount, 1)
        guard size >= mappedThreshold, let fresh = map(size, hugePages: hugePages) else { return allocate(byteCount: size) }
        return RawAllocation(address: fresh.address, byteCount: fresh.byteCount, isMapped: true, isFresh: true)
    }

    /// Gives back a block that may never have been written: a fresh mapping is unmapped (keeping it
    /// would push warm blocks out of the cache for nothing); any other block is released as usual.
    static func releaseUnused(_ block: RawAllocation) {
        if block.isFresh {
            munmap(block.address, block.byteCount)
        } else {
            release(block)
        }
    }

    /// At least `byteCount` bytes, all zero.
    static func allocateZeroed(byteCount: Int) -> RawAllocation {
        let size = max(byteCount, 1)
        if size >= mappedThreshold, let fresh = map(size) { return fresh }
        let block = allocate(byteCount: size)
        block.address.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        return block
    }

    /// Gives a block back (a mapped one may be kept for reuse, see `MappedBlockCache`).
    @usableFromInline static func release(_ block: RawAllocation) {
        if block.isMapped {
            if !MappedBlockCache.shared.keep(block) { munmap(block.address, block.byteCount) }
        } else {
            free(block.address)
        }
    }

    /// The block cut to its first `byteCount` bytes: a mapped block unmaps its tail pages in place;
    /// a small result is copied to the heap so that a few bytes do not pin a whole mapping.
    static func shrink(_ block: RawAllocation, to byteCount: Int) -> RawAllocation {
        let size = max(byteCount, 1)
        if block.isMapped && size >= mappedThreshold {
            let kept = roundUp(size, page)
            if kept < block.byteCount { munmap(block.address + kept, block.byteCount - kept) }
            return RawAllocation(address: block.address, byteCount: min(kept, block.byteCount), isMapped: true)
        }
        if !block.isMapped && size >= block.byteCount { return block }
        let copy = allocate(byteCount: size)
        copy.address.copyMemory(from: block.address, byteCount: min(size, block.byteCount))
        release(block)
        return copy
    }

    /// Tells the kernel that the pages wholly inside `[start, start + byteCount)` of a mapped block
    /// are no longer needed; they read as zero afterwards (anonymous) or are read again from the file.
    static func discard(_ start: UnsafeRawPointer, byteCount: Int) {
        let from = roundUp(Int(bitPattern: start), page)
        let to = (Int(bitPattern: start) + byteCount) & ~(page - 1)
        guard to > from, let address = UnsafeMutableRawPointer(bitPattern: from) else { return }
        _ = madvise(address, to - from, Int32(MADV_DONTNEED))
    }

    static func roundUp(_ value: Int, _ alignment: Int) -> Int { (value + alignment - 1) & ~(alignment - 1) }

    /// An anonymous mapping of `size` bytes starting on a 2 MiB boundary, advised to use huge pages.
    private static func map(_ size: Int, hugePages: Bool = true) -> RawAllocation? {
        // A tail shorter than a huge page would take one 4 KiB fault per page; a whole huge page
        // costs one fault, so round up when that wastes at most an eighth of the block.
        let whole = roundUp(size, hugePage)
        let length = whole - size <= size / 8 ? whole : roundUp(size, page)
        let span = length + hugePage
        guard let raw = mmap(nil, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              raw != MAP_FAILED
        else { return nil }
        let start = roundUp(Int(bitPattern: raw), hugePage)
        let head = start - Int(bitPattern: raw)
        if head > 0 { munmap(raw, head) }
        let tail = span - head - length
        guard let address = UnsafeMutableRawPointer(bitPattern: start) else { return nil }
        if tail > 0 { munmap(address + length, tail) }
        #if os(Linux)
        if hugePages { _ = madvise(address, length, 14) }  // MADV_HUGEPAGE
        #endif
        return RawAllocation(address: address, byteCount: length, isMapped: true)
    }
}

/// A few recently released mapped blocks, kept so that the next large allocation of about the same
/// size reuses pages that are already faulted in instead of paying for fresh zeroed ones (first touch
/// is the largest hidden cost of a kernel on this VM). Bounded in blocks and bytes; a block is reused
/// only for a request of at least half its size, so little memory sits idle inside a buffer.
final class MappedBlockCache: Sendable {
    static let shared = MappedBlockCache()
    static let maximumBlocks = 32
    static let maximumBytes = 1 << 30

    private let blocks = Mutex<[RawAllocation]>([])

    /// A kept block of `size` to `2 × size` bytes (the smallest such), if any.
    func take(atLeast size: Int) -> RawAllocation? {
        blocks.withLock { kept in
            var best: Int? = nil
            for (index, block) in kept.enumerated() where block.byteCount >= size && block.byteCount <= 2 * size {
                if best.map({ kept[$0].byteCount > block.byteCount }) ?? true { best = index }
            }
            guard let best else { return nil }
            return kept.remove(at: best)
        }
    }

    /// Keeps `block` for reuse if there is room; false when the caller must unmap it.
    func keep(_ block: RawAllocation) -> Bool {
        if block.byteCount > MappedBlockCache.maximumBytes / 4 { return false }
        return blocks.withLock { kept in
            var total = block.byteCount
            for held in kept { total += held.byteCount }
            while !kept.isEmpty && (kept.count >= MappedBlockCache.maximumBlocks || total > MappedBlockCache.maximumBytes) {
                // Oldest first out.
                let oldest = kept.removeFirst()
                total -= oldest.byteCount
                munmap(oldest.address, oldest.byteCount)
            }
            if total > MappedBlockCache.maximumBytes { return false }
            kept.append(block)
            return true
        }
    }
}
