import Fluent
import HeraldApp
import HeraldStore
import SQLKit
import Vapor

/// `/healthz` for load balancers and `/metrics` for Prometheus.
enum OperationsController {
    struct Health: Content {
        var status: String
        var database: String
        var error: String?
    }

    @Sendable static func health(req: Request) async throws -> Response {
        let kind = req.application.herald.database.kind
        do {
            // A connection of its own: however busy the pages are, the health check answers at once.
            let database = req.application.healthDatabases.database(logger: req.logger, on: req.eventLoop)
            guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
            _ = try await sql.raw("SELECT 1").all()
            return try await Health(status: "ok", database: kind).encodeResponse(for: req)
        } catch {
            req.logger.error("health check failed: \(String(reflecting: error))")
            return try await Health(status: "unavailable", database: kind, error: "database unreachable")
                .encodeResponse(status: .serviceUnavailable, for: req)
        }
    }

    /// Scrapers send `HERALD_METRICS_TOKEN` as a bearer token; without a token configured the
    /// metrics are refused unless `HERALD_METRICS_PUBLIC=true` (they name every route and its load).
    @Sendable static func metrics(req: Request) async throws -> Response {
        let configuration = req.application.herald
        if !configuration.metricsPublic {
            guard let expected = configuration.metricsToken, let sent = req.headers.bearerAuthorization?.token,
                  SecretToken.constantTimeEquals(sent, expected)
            else { throw AppError.unauthorized }
        }
        // How long ago a worker last went round its loop (`WorkerBeats`): alert on it, since with no
        // worker running nothing is published and nothing else says so outside the pages.
        do {
            guard let database = req.application.healthDatabases.database(logger: req.logger, on: req.eventLoop) else {
                throw Abort(.internalServerError)
            }
            let beats = try await WorkerBeats.read(on: database)
            req.application.httpMetrics.workers(seenSecondsAgo: beats.seen.map { Date().timeIntervalSince($0) },
                                                ledSecondsAgo: beats.led.map { Date().timeIntervalSince($0) })
        } catch {
            req.logger.error("metrics: the workers' beat could not be read: \(String(reflecting: error))")
        }
        let response = Response(status: .ok, body: .init(string: req.application.httpMetrics.exposition()))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return response
    }

    @Sendable static func openAPI(req: Request) async throws -> Response {
        let data = try OpenAPIDocument.json(serverURL: req.application.herald.baseURL)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = .json
        return response
    }
}
