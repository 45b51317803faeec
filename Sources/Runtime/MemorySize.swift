#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte counts for the memory ceiling: reading the process's resident memory, parsing `2G` on the
/// command line and printing `2.3 GiB` in messages. Units are binary (1G = 1024³ bytes).
public enum MemorySize {
    /// The process's resident memory in bytes (Linux: `/proc/self/statm`), or nil where unknown.
    public static func resident() -> UInt64? {
        let descriptor = open("/proc/self/statm", O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        // "size resident shared text lib data dt", in pages.
        let fields = buffer[0..<count].split(separator: UInt8(ascii: " "))
        guard fields.count >= 2, let pages = UInt64(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages &* UInt64(max(1, sysconf(Int32(_SC_PAGESIZE))))
    }

    /// Bytes in `2G`, `200M`, `512MiB`, `1.5GB`, `64k` or a plain number of bytes; nil when malformed,
    /// not positive or too large.
    public static func parse(_ text: String) -> UInt64? {
        var number = Substring(text.trimmingSpaces().lowercased())
        for suffix in ["ib", "b"] where number.hasSuffix(suffix) && number.count > suffix.count {
            number = number.dropLast(suffix.count)
            break
        }
        var scale: Double = 1
        let units: [(Character, Double)] = [("k", 1024), ("m", 1024 * 1024), ("g", 1024 * 1024 * 1024), ("t", 1024 * 1024 * 1024 * 1024)]
        if let last = number.last, let unit = units.first(where: { $0.0 == last }) {
            scale = unit.1
            number = number.dropLast()
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(number), value > 0
        else { return nil }
        let bytes = (value * scale).rounded()
        guard bytes >= 1, bytes < 9.0e18 else { return nil }
        return UInt64(bytes)
    }

    /// `2 GiB`, `2.3 GiB`, `200 MiB`, `12 KiB`, `512 bytes`: one decimal at most, none when whole.
    public static func describe(_ bytes: UInt64) -> String {
        let units: [(String, Double)] = [("TiB", 1024 * 1024 * 1024 * 1024), ("GiB", 1024 * 1024 * 1024), ("MiB", 1024 * 1024), ("KiB", 1024)]
        for (name, size) in units where Double(bytes) >= size {
            let tenths = (Double(bytes) / size * 10).rounded()
            let whole = Int(tenths) / 10
            let fraction = Int(tenths) % 10
            return fraction == 0 ? "\(whole) \(name)" : "\(whole).\(fraction) \(name)"
        }
        return "\(bytes) bytes"
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[first...last])
    }
}
