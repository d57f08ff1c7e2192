import HeraldCore
import Vapor

/// Refuses a query parameter an `/api/v1` route does not read, by name, as an unknown field of a
/// JSON body is refused: `?stauts=failed` must not answer every post as if unfiltered. What each
/// route reads is what `OpenAPIDocument` declares for it, so the document and the check cannot
/// differ. (The web pages are left lenient: links people share carry tracking parameters.)
struct APIQueryCheck: AsyncMiddleware {
    /// `GET /workspaces/{workspace}/posts` → the names that route reads.
    static let accepted: [String: [String]] = Dictionary(
        OpenAPIDocument.endpoints.map { ("\($0.method.uppercased()) \($0.path)", $0.query.map(\.name)) }, uniquingKeysWith: { $0 + $1 })

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Read pair by pair, not with `queryValues`: that one gives nothing at all for a query it
        // cannot decode (`a[]=1`), which would let every name through unchecked.
        if let query = request.url.query, !query.isEmpty {
            let names = Self.accepted[Self.key(request)] ?? []
            for pair in query.split(separator: "&") {
                let raw = String(pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0])
                let name = raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw
                guard !name.isEmpty, !names.contains(name) else { continue }
                let shown = name.count > 64 ? String(name.prefix(64)) + "…" : name
                throw ValidationError(code: "unknown_parameter", field: shown,
                                      message: names.isEmpty ? .init(.errorNoParameters, shown)
                                                             : .init(.errorUnknownParameter, shown, names.joined(separator: ", ")))
            }
        }
        return try await next.respond(to: request)
    }

    /// The route as the document writes it: its method, and its path after `/api/v1` with
    /// parameters in braces.
    static func key(_ request: Request) -> String {
        let components = (request.route?.path ?? []).dropFirst(2).map { component -> String in
            switch component {
            case .parameter(let name): "{\(name)}"
            default: component.description
            }
        }
        // A HEAD is answered by its GET route.
        let method = request.method == .HEAD ? HTTPMethod.GET : request.method
        return "\(method.rawValue) /\(components.joined(separator: "/"))"
    }
}
