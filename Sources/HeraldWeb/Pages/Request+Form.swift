import HeraldApp
import Vapor

extension Request {
    /// A field of a submitted form, or nil when absent.
    func formValue(_ name: String) -> String? {
        try? content.get(String.self, at: name)
    }

    /// Where to go back to afterwards (`next` in the query or the form), checked by `ReturnPath`.
    var returnPath: String {
        ReturnPath.validated((try? query.get(String.self, at: "next")) ?? formValue("next"))
    }
}
