import HeraldApp
import HeraldTestSupport
import HeraldStore
import Testing
import Vapor

@Suite("Operations: health, metrics, request ids")
struct OperationsTests {
    @Test("/healthz reports the database")
    func health() async throws {
        try await withHerald { app in
            let response = try await TestBrowser(app: app).get("/healthz")
            #expect(response.status == .ok)
            #expect(response.json["status"] as? String == "ok")
            #expect(response.json["database"] as? String == TestDatabase.engine)
        }
    }

    @Test("/healthz says unavailable when the database cannot be reached")
    func healthDown() async throws {
        try await withHerald({
            $0.autoMigrate = false
            $0.database = .postgres(url: "postgres://herald:herald@127.0.0.1:1/nowhere")
        }) { app in
            let response = try await TestBrowser(app: app).get("/healthz")
            #expect(response.status == .serviceUnavailable)
            #expect(response.json["status"] as? String == "unavailable")
            #expect(response.json["database"] as? String == "postgresql")
        }
    }

    @Test("/metrics counts requests by route pattern, not raw path")
    func metrics() async throws {
        try await withHerald({ $0.metricsPublic = true }) { app in
            let browser = try TestBrowser(app: app)
            let workspace = try await Fixtures.setUpOwner(browser)
            _ = try await browser.get("/w/\(workspace)/calendar")
            _ = try await browser.get("/no/such/page")
            let text = try await browser.get("/metrics").text
            #expect(text.contains("# TYPE herald_http_requests_total counter"))
            #expect(text.contains(#"route="/w/:workspace/calendar""#))
            #expect(!text.contains(workspace.uuidString), "ids never become label values")
            #expect(text.contains(#"route="unmatched""#))
            #expect(text.contains("herald_http_request_duration_seconds_bucket"))
            // No worker in this test: the gauge says none has run; after a beat, how long ago.
            #expect(text.contains("herald_worker_last_seen_seconds -1") && text.contains("herald_scheduler_last_run_seconds -1"))
            try await WorkerBeats.beat(worker: "w:1:a", started: Date(), now: Date().addingTimeInterval(-30), on: app.db)
            let seen = try await browser.get("/metrics").text.split(separator: "\n")
                .first { $0.hasPrefix("herald_worker_last_seen_seconds ") }.flatMap { Double($0.split(separator: " ")[1]) }
            #expect(seen.map { (29...60).contains($0) } == true, "\(String(describing: seen))")
        }
    }

    @Test("/metrics needs its bearer token; without one configured it is closed unless made public")
    func metricsToken() async throws {
        try await withHerald { app in
            let anyone = try TestBrowser(app: app)
            #expect(try await anyone.get("/metrics").status == .unauthorized, "closed by default")
        }
        try await withHerald({ $0.metricsToken = "scrape-me" }) { app in
            let browser = try TestBrowser(app: app)
            #expect(try await browser.get("/metrics").status == .unauthorized)
            #expect(try await TestBrowser.sharing(browser, token: "wrong").api(.GET, "/metrics").status == .unauthorized)
            let scraper = TestBrowser.sharing(browser, token: "scrape-me")
            #expect(try await scraper.api(.GET, "/metrics").status == .ok)
        }
    }

    @Test("request ids are echoed (or taken from X-Request-Id) and quoted in errors")
    func requestIDs() async throws {
        try await withHerald { app in
            let browser = try TestBrowser(app: app)
            let generated = try await browser.get("/healthz")
            #expect(generated.headers.first(name: "X-Request-Id")?.isEmpty == false)
            let traced = try await browser.send(.GET, "/api/v1/me", headers: ["X-Request-Id": "trace-123"], body: nil)
            #expect(traced.headers.first(name: "X-Request-Id") == "trace-123")
            #expect((traced.json["error"] as? [String: Any])?["request_id"] as? String == "trace-123")
        }
    }

    @Test("pages carry security headers")
    func securityHeaders() async throws {
        try await withHerald { app in
            let response = try await TestBrowser(app: app).get("/setup")
            #expect(response.headers.first(name: "X-Frame-Options") == "DENY")
            #expect(response.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
        }
    }
}
