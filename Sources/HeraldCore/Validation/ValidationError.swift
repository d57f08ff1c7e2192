/// Bad input, said precisely: which field, why, in words a person can act on. Every layer that
/// rejects input throws this so the web and the API can render it the same way.
public struct ValidationError: Error, Equatable, Sendable {
    /// Stable machine-readable reason, e.g. `invalid_time_zone`.
    public var code: String
    /// The field at fault, as the client named it (`time_zone`, `members[2].email`).
    public var field: String?
    /// What to show, already in the reader's language when built through `localized`.
    public var message: LocalizedText
    /// Further problems found in the same input (a form with three wrong fields says all three).
    public var more: [ValidationError] = []

    public init(code: String, field: String?, message: LocalizedText) {
        self.code = code
        self.field = field
        self.message = message
    }

    /// This problem and every further one, in the order they were found.
    public var all: [ValidationError] {
        [ValidationError(code: code, field: field, message: message)] + more.flatMap(\.all)
    }

    /// The problem with `field`, if there is one.
    public func problem(with field: String) -> ValidationError? {
        all.first { $0.field == field }
    }
}

/// Collects the problems of every field of an input instead of stopping at the first, so a form
/// can say everything that is wrong at once:
///
///     var problems = Problems()
///     let name = try problems.check { try Fields.name(input.name, field: "name") }
///     let email = try problems.check { try EmailAddress.parse(input.email ?? "", field: "email") }
///     guard let name, let email else { throw problems.error }
public struct Problems: Sendable {
    public private(set) var found: [ValidationError] = []

    public init() {}

    /// What `parse` gives, or nil with its problem kept (any other error is thrown on).
    public mutating func check<T>(_ parse: () throws -> T) rethrows -> T? {
        do { return try parse() } catch let problem as ValidationError {
            found.append(contentsOf: problem.all)
            return nil
        }
    }

    /// Keeps a problem found another way.
    public mutating func add(_ problem: ValidationError) { found.append(contentsOf: problem.all) }

    public var isEmpty: Bool { found.isEmpty }

    /// The first problem carrying the rest (a generic one when, oddly, there is none).
    public var error: ValidationError {
        guard var first = found.first else {
            return ValidationError(code: "invalid", field: nil, message: .init(.errorInternal, ""))
        }
        first.more = Array(found.dropFirst())
        return first
    }

    /// Throws when anything was found.
    public func throwIfAny() throws(ValidationError) {
        if !found.isEmpty { throw error }
    }
}
