#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed-size block of plain values owned by one training run or prediction call.
///
/// A class, not an Array, so that hot loops work on a raw pointer with no copy-on-write or
/// exclusivity checks, and so that large blocks can ask for transparent huge pages: first touch of
/// 4 KiB pages costs about 0.34 ms per MB on this kind of VM (research/swift-performance.md §6.1).
final class TrainingBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    /// Number of elements.
    let count: Int
    /// The first element; valid while the buffer is alive.
    let base: UnsafeMutablePointer<Element>
    private let byteCount: Int
    private let isMapped: Bool

    /// Blocks at least this large are mapped on huge pages.
    private static var mappedThreshold: Int { 4 << 20 }
    private static var hugePage: Int { 2 << 20 }

    /// `count` uninitialized elements (at least one slot is always allocated).
    init(count: Int) {
        self.count = count
        let bytes = max(1, count) * MemoryLayout<Element>.stride
        #if os(Linux)
        if bytes >= Self.mappedThreshold, let mapped = Self.map(bytes) {
            byteCount = mapped.length
            isMapped = true
            base = mapped.address.bindMemory(to: Element.self, capacity: max(1, count))
            return
        }
        #endif
        byteCount = bytes
        isMapped = false
        base = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            .bindMemory(to: Element.self, capacity: max(1, count))
    }

    deinit {
        #if os(Linux)
        if isMapped {
            munmap(UnsafeMutableRawPointer(base), byteCount)
            return
        }
        #endif
        UnsafeMutableRawPointer(base).deallocate()
    }

    /// The elements as an array (tests and small results).
    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    #if os(Linux)
    /// An anonymous mapping starting on a 2 MiB boundary, advised to use huge pages.
    private static func map(_ size: Int) -> (address: UnsafeMutableRawPointer, length: Int)? {
        let length = (size + hugePage - 1) & ~(hugePage - 1)
        let span = length + hugePage
        guard let raw = mmap(nil, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              raw != MAP_FAILED
        else { return nil }
        let start = (Int(bitPattern: raw) + hugePage - 1) & ~(hugePage - 1)
        let head = start - Int(bitPattern: raw)
        if head > 0 { munmap(raw, head) }
        guard let address = UnsafeMutableRawPointer(bitPattern: start) else { return nil }
        let tail = span - head - length
        if tail > 0 { munmap(address + length, tail) }
        _ = madvise(address, length, 14)  // MADV_HUGEPAGE
        return (address, length)
    }
    #endif
}
