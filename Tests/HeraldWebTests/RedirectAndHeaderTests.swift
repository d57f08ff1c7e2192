@testable import HeraldWeb
import HeraldApp
import HeraldTestSupport
import Testing
import Vapor

/// Issue 10, point 2: every `next` goes through one validator, and no response header is built
/// from input that was not checked — shown on the wire, where an injected CR LF would split it.
@Suite("Redirects stay home; headers are never injected")
struct RedirectAndHeaderTests {
    @Test("a return target is a local path or the home page", arguments: [
        ("/workspaces", "/workspaces"),
        ("/w/1/calendar?view=week&from=2027-01-01", "/w/1/calendar?view=week&from=2027-01-01"),
        ("/media?q=кофе", "/media?q=%D0%BA%D0%BE%D1%84%D0%B5"),
        ("/\r\nSet-Cookie: herald_session=x", "/"),
        ("/%0D%0ASet-Cookie:x", "/%0D%0ASet-Cookie:x"),
        ("/\t/evil.test/path", "/"),
        ("/\n/evil.test", "/"),
        ("//evil.test", "/"),
        ("/\\evil.test", "/"),
        ("/ok\\..\\x", "/"),
        ("https://evil.test/", "/"),
        ("javascript:alert(1)", "/"),
        ("evil.test", "/"),
        ("", "/"),
        ("/a b", "/"),
        ("/\u{0085}x", "/"),
        ("/\u{2028}x", "/"),
        ("/\u{7F}", "/"),
        ("/\0", "/"),
    ])
    func validated(raw: String, expected: String) {
        #expect(ReturnPath.validated(raw) == expected)
    }

    @Test("nothing at all, or something far too long, also goes home")
    func missingOrLong() {
        #expect(ReturnPath.validated(nil) == "/")
        #expect(ReturnPath.validated("/" + String(repeating: "a", count: 2_100)) == "/")
    }

    @Test("request ids: only an id is echoed; anything else is replaced", arguments: [
        ("abc-123_X.9", true), ("", false), ("a b", false), ("x\r\nSet-Cookie: y", false),
        (String(repeating: "a", count: 65), false), ("кириллица", false),
    ])
    func requestIDs(id: String, kept: Bool) {
        #expect((RequestLogMiddleware.acceptable(id) != nil) == kept)
    }

    @Test("over real HTTP: CR LF in next, in a form's next and in X-Request-Id never reaches a header")
    func wire() async throws {
        try await withHerald { app in
            try await withLiveServer(app) { browser, baseURL in
                _ = try await Fixtures.setUpOwner(browser)
                let port = Int(baseURL.split(separator: ":").last!)!
                let injected = "%0D%0ASet-Cookie:%20herald_session=attacker%0D%0AX-Injected:%201"
                var answers: [String: String] = [:]
                answers["language"] = try await RawHTTP.get(port: port, "/language?set=en&next=/\(injected)")
                answers["login"] = try await RawHTTP.get(port: port, "/login?next=/\(injected)")
                answers["tab"] = try await RawHTTP.get(port: port, "/language?set=en&next=/%09/evil.test/path")
                answers["request id"] = try await RawHTTP.get(port: port, "/healthz",
                                                             headers: ["X-Request-Id: forged\tid level=critical"])
                let form = "email=nobody%40x.test&password=wrong-wrong-1&next=/\(injected)"
                answers["POST /login"] = try await RawHTTP.exchange(port: port, """
                    POST /login HTTP/1.1\r
                    Host: 127.0.0.1\r
                    Connection: close\r
                    Content-Type: application/x-www-form-urlencoded\r
                    Content-Length: \(form.utf8.count)\r
                    \r
                    \(form)
                    """)
                for (name, answer) in answers {
                    let lines = RawHTTP.headerLines(answer)
                    #expect(!lines.isEmpty, "\(name): an answer")
                    #expect(!lines.contains { $0.lowercased().hasPrefix("x-injected") }, "\(name)")
                    #expect(!lines.contains { $0.lowercased().contains("herald_session=attacker") }, "\(name)")
                    if let location = lines.first(where: { $0.lowercased().hasPrefix("location:") }) {
                        #expect(location == "location: /" || location == "Location: /", "\(name): \(location)")
                    }
                }
                let id = RawHTTP.headerLines(answers["request id"]!).first { $0.lowercased().hasPrefix("x-request-id:") }
                #expect(id.map { !$0.contains("forged") } == true)
            }
        }
    }

    @Test("security headers on every answer, errors and unknown routes included")
    func securityHeadersOnErrors() async throws {
        try await withHerald { app in
            let browser = try TestBrowser(app: app)
            _ = try await Fixtures.setUpOwner(browser)
            for path in ["/no-such-page", "/w/00000000-0000-0000-0000-000000000000/calendar", "/api/v1/workspaces", "/workspaces"] {
                let response = try await browser.get(path)
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path) \(response.status)")
                #expect(response.headers.first(name: "X-Frame-Options") == "DENY", "\(path)")
            }
        }
    }
}
