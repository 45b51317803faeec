import Foundation
import Testing

@testable import Runtime

@Suite struct RecordMergeTests {
    @Test func laterFieldsOverrideInPlaceAndNewOnesFollow() throws {
        let s = try builtinSession()
        #expect(s.show("merge({a: 1, b: 2, c: 3}, {b: 20, d: 4})") == "{a: 1, b: 20, c: 3, d: 4}")
        #expect(s.show("merge({a: 1}, {a: null}, {z: \"x\", a: 3})") == "{a: 3, z: \"x\"}")
        #expect(s.show("merge({a: 1})") == "{a: 1}")
        #expect(s.show("merge({}, {})") == "{}")
    }

    @Test func nonRecordsAreErrors() throws {
        let s = try builtinSession()
        #expect(s.show("merge({a: 1}, [1])").hasPrefix("error: merge expects records, found list"))
    }
}
