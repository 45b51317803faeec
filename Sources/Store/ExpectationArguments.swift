/// Checking an expectation when it is written rather than when it is attached, so a caller can
/// point at the expression at fault.
extension FeatureExpectation {
    /// Checks the expectation's own arguments (bounds present and ordered, a fraction within 0…1, a
    /// pattern that compiles, valid column names); the data is checked on insert.
    public func validate() throws(StoreError) {
        try checkArguments()
    }
}
