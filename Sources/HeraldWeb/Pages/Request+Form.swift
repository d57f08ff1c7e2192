import Vapor

extension Request {
    /// A field of a submitted form, or nil when absent.
    func formValue(_ name: String) -> String? {
        try? content.get(String.self, at: name)
    }

    /// Where to go after signing in: only a local path, never another site.
    func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\") else { return "/" }
        return raw
    }
}
