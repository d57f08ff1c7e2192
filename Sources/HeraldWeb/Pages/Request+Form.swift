import HeraldApp
import HeraldCore
import Vapor

extension Request {
    /// A field of a submitted form, or nil when absent.
    func formValue(_ name: String) -> String? {
        try? content.get(String.self, at: name)
    }

    /// Every value of a repeated form field (`name[]` in the form): checkboxes.
    func formValues(_ name: String) -> [String] {
        (try? content.get([String].self, at: name)) ?? []
    }

    /// The address's query as plain values, decoded once (each of Vapor's `query.get` decodes the
    /// whole query again; a page with many links built from it paid that for every link).
    var queryValues: [String: String] {
        (try? query.decode([String: String].self)) ?? [:]
    }

    /// A query flag that is `true`, `false` or absent (false); anything else (`yes`, `1`) is
    /// refused by name rather than read as false — `?dry_run=yes` must never import for real.
    func strictFlag(_ name: String) throws -> Bool {
        guard let raw = try? query.get(String.self, at: name) else { return false }
        switch raw.lowercased() {
        case "true": return true
        case "false": return false
        default: throw ValidationError(code: "invalid_flag", field: name, message: .init(.errorInvalidChoice, raw, "true, false"))
        }
    }

    /// `?format=csv` asks for CSV; `json` or nothing for JSON; anything else is refused by name
    /// (a misspelt `cvs` must not answer JSON to a spreadsheet import).
    func asksCSV() throws -> Bool {
        switch (try? query.get(String.self, at: "format"))?.lowercased() {
        case nil, "", "json": return false
        case "csv": return true
        case let raw?: throw ValidationError(code: "invalid_choice", field: "format", message: .init(.errorInvalidChoice, raw, "json, csv"))
        }
    }

    /// Where to go back to afterwards (`next` in the query or the form), checked by `ReturnPath`.
    var returnPath: String {
        ReturnPath.validated((try? query.get(String.self, at: "next")) ?? formValue("next"))
    }
}
