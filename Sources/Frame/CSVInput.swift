#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one CSV input, followed by at least `padding` zero bytes that may be read.
///
/// The padding lets the parser's inner loops read a byte or a word past the end of a field
/// without testing for the end of the input: a zero byte ends every number and every field scan.
/// A regular file is mapped (never copied): an anonymous reservation with the file mapped over its
/// start, so the bytes after the end of the file are zero even when the file fills its last page.
final class CSVInput: @unchecked Sendable {
    static let padding = 64

    let base: UnsafePointer<UInt8>
    let count: Int
    /// True when the bytes are a file mapping, whose parsed pages can be dropped and read again.
    let isFileMapping: Bool
    private let mapping: (address: UnsafeMutableRawPointer, length: Int)?
    private let heap: RawAllocation?

    private init(base: UnsafePointer<UInt8>, count: Int, mapping: (UnsafeMutableRawPointer, Int)?, heap: RawAllocation?) {
        self.base = base
        self.count = count
        self.mapping = mapping
        self.heap = heap
        isFileMapping = mapping != nil
    }

    deinit {
        if let mapping { munmap(mapping.address, mapping.length) }
        if let heap { Memory.release(heap) }
    }

    /// A padded copy of `bytes`.
    static func copy(_ bytes: UnsafeBufferPointer<UInt8>) -> CSVInput {
        let block = Memory.allocate(byteCount: bytes.count + padding)
        let target = block.address.assumingMemoryBound(to: UInt8.self)
        if let source = bytes.baseAddress { target.update(from: source, count: bytes.count) }
        (target + bytes.count).initialize(repeating: 0, count: padding)
        return CSVInput(base: UnsafePointer(target), count: bytes.count, mapping: nil, heap: block)
    }

    /// The file at `path`: mapped when it is a regular file, read otherwise (pipes, devices).
    static func open(_ path: String) throws(FrameError) -> CSVInput {
        let descriptor = systemOpen(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            throw FrameError(.io, "cannot open '\(path)': \(CSVReader.systemMessage(errno))")
        }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) != 0 {
            throw FrameError(.io, "cannot read '\(path)': \(CSVReader.systemMessage(errno))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw FrameError(.io, "cannot read '\(path)': Is a directory")
        }
        let size = Int(info.st_size)
        if (info.st_mode & S_IFMT) == S_IFREG && size > 0, let mapped = map(descriptor, size: size) {
            return mapped
        }
        return try readAll(descriptor, path: path, sizeHint: max(size, 0))
    }

    /// Drops the pages wholly inside `[start, end)` from this process (a file mapping only; they are
    /// read again from the page cache if touched later), so a parse does not hold file and columns at once.
    func discard(from start: Int, to end: Int) {
        guard isFileMapping, end > start else { return }
        Memory.discard(base + start, byteCount: end - start)
    }

    /// Maps the pages of `[start, end)` of a file mapping in one call (MADV_POPULATE_READ, Linux
    /// 5.14+; a no-op where unsupported), which costs less than taking one page fault after another.
    func populate(from start: Int, to end: Int) {
        guard isFileMapping, end > start else { return }
        let from = Int(bitPattern: base + start) & ~(Memory.page - 1)
        let to = Int(bitPattern: base + end)
        guard let address = UnsafeMutableRawPointer(bitPattern: from) else { return }
        #if os(Linux)
        _ = madvise(address, to - from, 22)  // MADV_POPULATE_READ
        #endif
    }

    private static func map(_ descriptor: Int32, size: Int) -> CSVInput? {
        let length = Memory.roundUp(size + padding, Memory.page)
        guard let reservation = mmap(nil, length, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              reservation != MAP_FAILED
        else { return nil }
        guard let file = mmap(reservation, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, descriptor, 0),
              file != MAP_FAILED
        else {
            munmap(reservation, length)
            return nil
        }
        return CSVInput(base: UnsafePointer(file.assumingMemoryBound(to: UInt8.self)), count: size,
                        mapping: (reservation, length), heap: nil)
    }

    private static func readAll(_ descriptor: Int32, path: String, sizeHint: Int) throws(FrameError) -> CSVInput {
        var capacity = max(sizeHint, 1 << 16)
        var block = Memory.allocate(byteCount: capacity + padding)
        var filled = 0
        while true {
            if filled == capacity {
                let bigger = Memory.allocate(byteCount: capacity * 2 + padding)
                bigger.address.copyMemory(from: block.address, byteCount: filled)
                Memory.release(block)
                block = bigger
                capacity *= 2
            }
            let result = systemRead(descriptor, block.address + filled, capacity - filled)
            if result < 0 {
                if errno == EINTR { continue }
                let message = CSVReader.systemMessage(errno)
                Memory.release(block)
                throw FrameError(.io, "cannot read '\(path)': \(message)")
            }
            if result == 0 { break }
            filled += result
        }
        let target = block.address.assumingMemoryBound(to: UInt8.self)
        (target + filled).initialize(repeating: 0, count: padding)
        return CSVInput(base: UnsafePointer(target), count: filled, mapping: nil, heap: block)
    }
}

/// open(2) and read(2), named apart from the reader's own functions.
private func systemOpen(_ path: String, _ flags: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.open(path, flags)
    #else
    Darwin.open(path, flags)
    #endif
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}
