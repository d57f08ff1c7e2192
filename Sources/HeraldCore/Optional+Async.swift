extension Optional {
    /// `map` for an async transform that may itself give nil (loading a row by an optional id).
    public func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
