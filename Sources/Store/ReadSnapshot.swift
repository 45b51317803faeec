import Frame

/// One committed state for a read made of several queries. In WAL mode a statement outside a
/// transaction sees the latest commit as it starts, so a read that looks keys up one by one (online
/// serving) or group by group could mix a writer's batch with the state before it; inside one read
/// transaction every query sees the same commit.
extension FeatureStore {
    /// Runs `body` in one read transaction (a savepoint when a transaction is open), so every query
    /// it makes sees the same commit; failures become store errors naming `action`.
    func snapshot<T>(_ action: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try connection.transaction(.deferred, body)
        } catch {
            throw StoreError.wrap(error, action)
        }
    }
}
