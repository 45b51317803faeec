import Foundation
import Frame
import Store

/// A temporary directory removed when the test is done with it.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("fti-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Microseconds for clock times on 2024-01-01 (UTC), as the scenarios write them.
enum Clock {
    static let day0: Int64 = 1_704_067_200_000_000
    static let hour: Int64 = 3_600_000_000
    static let minute: Int64 = 60_000_000
    static let second: Int64 = 1_000_000
    static let day: Int64 = 24 * hour

    /// `hh:mm:ss` on 2024-01-01.
    static func at(_ hours: Int64, _ minutes: Int64 = 0, _ seconds: Int64 = 0) -> Int64 {
        day0 + hours * hour + minutes * minute + seconds * second
    }
}

/// A fixed store clock, advanced by hand.
final class TestClock: @unchecked Sendable {
    var now: Int64 = Clock.at(23)
    func read() -> Int64 { now }
}

/// Frames from literal columns.
func frame(_ columns: Column...) throws -> DataFrame {
    try DataFrame(columns: columns)
}

extension DataFrame {
    /// Column `name` as boxed values (empty when missing).
    func values(_ name: String) -> [Scalar] { column(named: name)?.scalars ?? [] }
}

/// A store in memory with a test clock.
func memoryStore(_ clock: TestClock = TestClock()) throws -> FeatureStore {
    try FeatureStore.inMemory(clock: { clock.read() })
}
