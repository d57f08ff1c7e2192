import FluentKit
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import HeraldWeb
import SQLKit

/// `herald bench links`: a real server on a fresh database with `links` short links (link-in-bio
/// entries of one workspace), loaded by `wrk` as browsers would click them — first with the
/// database free, then while another connection holds the tables the clicks are written to (on
/// SQLite: the whole database's write lock). Reports each run's latency, and whether every click
/// answered was counted once the database was free again.
enum LinksBench {
    struct Options {
        var links: Int
        var connections: Int
        var seconds: Int
    }

    struct Result: Encodable {
        var links: Int
        var connections: Int
        var database: String
        var free: WebBench.RouteFigures
        var locked: WebBench.RouteFigures
        /// Redirects wrk saw answered, warm-up included.
        var answered: Int
        var clicksCounted: Int
        var writesWaitedForLock: Bool

        enum CodingKeys: String, CodingKey {
            case links, connections, database, free, locked, answered
            case clicksCounted = "clicks_counted", writesWaitedForLock = "writes_waited_for_lock"
        }
    }

    static let browser = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"

    static func run(_ options: Options, environment: [String: String]) async throws -> Result {
        guard let wrk = WebBench.findExecutable("wrk") else {
            throw BenchFailure("wrk is not installed (apt-get install wrk); herald bench links drives the server with it")
        }
        var environment = environment
        environment["HERALD_PORT"] = "0"
        environment["HERALD_HOST"] = "127.0.0.1"
        let configuration = try HeraldConfiguration.fromEnvironment(environment)
        Launch.bootstrapLogging(configuration)
        return try await Launch.standalone(configuration) { standalone in
            let slugs = try await seed(standalone.runtime, links: options.links)
            let script = NSTemporaryDirectory() + "herald-links-" + UUID().text + ".lua"
            try luaScript(slugs: slugs).write(toFile: script, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: script) }
            let (app, port) = try await HeraldServer.start(configuration)
            do {
                let base = "http://127.0.0.1:\(port)"
                // Three seconds not counted: first connections, caches, the first flushes.
                let warmUp = try await drive(wrk, base: base, script: script, options: Options(links: options.links, connections: options.connections, seconds: 3))
                let free = try await drive(wrk, base: base, script: script, options: options)

                // Another connection (as another process would) holds the click tables until released.
                let db = standalone.runtime.database()
                let (locked, lockedSignal) = AsyncStream.makeStream(of: Void.self)
                let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
                let holder = Task {
                    try await db.writeTransaction { tx in
                        guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
                        if sql.dialect.name == "postgresql" {
                            try await sql.raw("LOCK TABLE link_clicks, link_salts IN ACCESS EXCLUSIVE MODE").run()
                        } else {
                            try await sql.raw("UPDATE link_clicks SET clicks = clicks WHERE 1 = 0").run()
                        }
                        lockedSignal.yield()
                        for await _ in release { break }
                    }
                }
                for await _ in locked { break }
                let lockedFigures = try await drive(wrk, base: base, script: script, options: options)
                let waiting = app.linkRedirects?.waiting ?? 0
                releaseSignal.yield()
                try await holder.value
                // Stopping writes what is left (a flush waiting for the lock finishes first).
                await HeraldServer.stop(app)
                let counted = try await clicks(on: db)
                return Result(links: slugs.count, connections: options.connections, database: configuration.database.kind,
                              free: free, locked: lockedFigures, answered: warmUp.requests + free.requests + lockedFigures.requests,
                              clicksCounted: counted, writesWaitedForLock: waiting > 0)
            } catch {
                await HeraldServer.stop(app)
                throw error
            }
        }
    }

    /// An owner's workspace with `links` link-in-bio entries, written in one transaction.
    static func seed(_ runtime: HeraldRuntime, links: Int) async throws -> [String] {
        let db = runtime.database()
        let (_, workspace) = try await AccountService.setUp(
            .init(organizationName: "Bench agency", name: "Bench owner", email: "owner@bench.example",
                  password: "bench-password-long-enough", workspaceName: "Bench brand", timeZone: "Europe/Moscow"),
            hasher: runtime.passwords, on: db)
        let workspaceID = try workspace.requireID()
        let slugs = (0..<links).map { index in "b" + String(index, radix: 36).leftPadded(to: LinkShortening.slugLength - 1) }
        try await db.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
            for (index, slug) in slugs.enumerated() {
                _ = try await ShortLinks.addBio(workspace: workspaceID, label: "Entry \(index)",
                                                target: "https://shop.example/item/\(index)", slug: slug, now: Date(), on: sql)
            }
        }
        return slugs
    }

    /// A wrk script that asks for each slug in turn, as a browser.
    static func luaScript(slugs: [String]) -> String {
        """
        local slugs = {\(slugs.map { "\"\($0)\"" }.joined(separator: ","))}
        local i = 0
        request = function()
          i = i + 1
          return wrk.format("GET", "/l/" .. slugs[(i % #slugs) + 1], { ["User-Agent"] = "\(browser)" })
        end
        """
    }

    static func drive(_ wrk: String, base: String, script: String, options: Options) async throws -> WebBench.RouteFigures {
        try await WebBench.runWrk(wrk, ["-t1", "-c\(options.connections)", "-d\(options.seconds)s", "--timeout", "10s", "--latency",
                                        "-s", script, base])
    }

    static func clicks(on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { throw JobStoreError.notSQL }
        return try await sql.raw("SELECT CAST(COALESCE(SUM(clicks), 0) AS BIGINT) AS n FROM link_clicks").first()?.decode(column: "n", as: Int.self) ?? 0
    }
}

private extension String {
    func leftPadded(to length: Int) -> String { count >= length ? self : String(repeating: "0", count: length - count) + self }
}
