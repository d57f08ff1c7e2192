import AsyncHTTPClient
import HeraldApp
import Fluent
import Foundation
import HeraldConnectors
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import Testing

@Suite("The herald command line (real process)")
struct CommandLineTests {
    @Test("`herald --help` and `herald demo --help` print usage and create nothing")
    func help() async throws {
        try #require(HeraldProcess.isBuilt, "run `swift build` first")
        let directory = NSTemporaryDirectory() + "herald-help-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for arguments in [["--help"], ["demo", "--help"], ["serve", "--help"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: HeraldProcess.binary)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            var environment = ProcessInfo.processInfo.environment
            environment["HERALD_DATA_DIR"] = nil
            environment["DATABASE_URL"] = nil
            process.environment = environment
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let (status, output) = await HeraldProcess.finish((process, pipe))
            #expect(status == 0 && output.contains("USAGE: herald"), "\(arguments): \(output)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty, "no ./herald-data, no ./herald-demo")
    }

    @Test("`herald serve --port` serves there and every link and banner says so; publishing is logged at info")
    func servePort() async throws {
        try #require(HeraldProcess.isBuilt, "run `swift build` first")
        try await TestDatabase.with { database in
            let port = Int.random(in: 20_000..<40_000)
            var environment = HeraldProcess.environment(for: database)
            environment["HERALD_LOG_LEVEL"] = "info"
            let started = try HeraldProcess.start(["serve", "--port", String(port)], environment: environment)
            var healthy = false
            for _ in 0..<200 where !healthy {
                try await Task.sleep(for: .milliseconds(100))
                healthy = (try? await HTTPClient.shared.get(url: "http://127.0.0.1:\(port)/healthz").get().status) == .ok
            }
            kill(started.0.processIdentifier, SIGTERM)
            let (_, output) = await HeraldProcess.finish(started)
            #expect(healthy, "listening on \(port): \(output.suffix(800))")
            #expect(output.contains("Herald is starting at http://127.0.0.1:\(port)"))
            #expect(output.contains("open http://127.0.0.1:\(port)/setup"))
            #expect(!output.contains(":8080"))
            #expect(output.contains("Publishing worker started"))
        }
    }

    @Test("`herald user create` makes the first owner on a new install, then users in a workspace")
    func userCreate() async throws {
        try #require(HeraldProcess.isBuilt, "run `swift build` first")
        try await TestDatabase.with { database in
            let environment = HeraldProcess.environment(for: database)
            // No `herald migrate` first: a new data directory is migrated by the command itself.

            let first = try await HeraldProcess.run(["user", "create", "--email", "boss@agency.test", "--name", "Boss",
                                               "--password", "long enough pw", "--workspace", "Acme",
                                               "--time-zone", "Europe/Berlin"], environment: environment)
            #expect(first.status == 0, "\(first.output)")
            #expect(first.output.contains("Created owner boss@agency.test with workspace “Acme”."))

            let second = try await HeraldProcess.run(["user", "create", "--email", "ed@agency.test", "--name", "Ed",
                                                "--workspace", "Acme", "--role", "editor"],
                                               environment: environment.merging(["HERALD_NEW_PASSWORD": "another long pw"]) { $1 })
            #expect(second.status == 0, "\(second.output)")
            #expect(second.output.contains("as editor in “Acme”"))

            let duplicate = try await HeraldProcess.run(["user", "create", "--email", "ED@agency.test", "--name", "Ed 2",
                                                   "--password", "long enough pw"], environment: environment)
            #expect(duplicate.status == 2)
            #expect(duplicate.output.contains("email: An account with the e-mail ed@agency.test already exists."))

            let badRole = try await HeraldProcess.run(["user", "create", "--email", "x@agency.test", "--name", "X",
                                                 "--password", "long enough pw", "--workspace", "Acme", "--role", "boss"],
                                                environment: environment)
            #expect(badRole.status == 2)
            #expect(badRole.output.contains("--role"))

            // A password link for someone who cannot get e-mail: it opens the page that sets the password.
            let link = try await HeraldProcess.run(["user", "password-link", "--email", "ed@agency.test"], environment: environment)
            #expect(link.status == 0 && link.output.contains("/password/"), "\(link.output)")
            let unknown = try await HeraldProcess.run(["user", "password-link", "--email", "nobody@agency.test"], environment: environment)
            #expect(unknown.status == 1 && unknown.output.contains("No user has the address nobody@agency.test."), "\(unknown.output)")

            // What the processes wrote, read back through the store.
            let databases = try SeparatePool.databases(database.target)
            let db = databases.database(logger: .init(label: "t"), on: SeparatePool.loop)!
            #expect(try await User.query(on: db).count() == 2)
            let membership = try #require(try await Membership.query(on: db).join(User.self, on: \Membership.$user.$id == \User.$id)
                .filter(User.self, \.$email == "ed@agency.test").first())
            #expect(membership.role == .editor)
            let token = try #require(link.output.split(whereSeparator: \.isWhitespace).last?.split(separator: "/").last.map(String.init))
            #expect(try await PasswordLinks.open(token, on: db)?.0.email == "ed@agency.test", "the printed link works")
            await databases.shutdownAsync()
        }
    }

    @Test("`herald sweep` says whether a worker runs: none yet, then how long ago one went round its loop")
    func sweepWorkers() async throws {
        try #require(HeraldProcess.isBuilt, "run `swift build` first")
        try await TestDatabase.with { database in
            let environment = HeraldProcess.environment(for: database)
            let none = try await HeraldProcess.run(["sweep"], environment: environment)
            #expect(none.status == 0 && none.output.contains("Workers: none has run"), "\(none.output)")
            let databases = try SeparatePool.databases(database.target)
            let db = databases.database(logger: .init(label: "t"), on: SeparatePool.loop)!
            try await WorkerBeats.beat(worker: "w:1:a", started: Date(), now: Date().addingTimeInterval(-42), on: db)
            await databases.shutdownAsync()
            let seen = try await HeraldProcess.run(["sweep"], environment: environment)
            let line = seen.output.split(separator: "\n").first { $0.hasPrefix("Workers:") }.map(String.init) ?? seen.output
            let seconds = line.split(separator: " ").compactMap { Int($0) }.first
            #expect(seen.status == 0 && seconds.map { (42...90).contains($0) } == true && line.contains("none has scheduled posts yet"), "\(line)")
        }
    }

    @Test("a bad setting stops start-up with the variable named")
    func badConfiguration() async throws {
        try #require(HeraldProcess.isBuilt, "run `swift build` first")
        let result = try await HeraldProcess.run(["migrate"], environment: ["HERALD_PORT": "eighty", "HERALD_DATA_DIR": NSTemporaryDirectory()])
        #expect(result.status == 2)
        #expect(result.output.contains("HERALD_PORT: “eighty” is not a whole number from 0 to 65535"))
        let url = try await HeraldProcess.run(["migrate"], environment: ["DATABASE_URL": "mysql://root:hunter2@db/x",
                                                                    "HERALD_DATA_DIR": NSTemporaryDirectory()])
        #expect(url.status == 2)
        #expect(!url.output.contains("hunter2"))
    }

    @Test("`herald import` checks every row and imports all or nothing")
    func importCommand() async throws {
        try #require(HeraldProcess.isBuilt, "run `swift build` first")
        let install = try await InstallFixture.make()
        let channel = try await install.channel(.sandbox, credential: ChannelCredential(accessToken: "t"))
        try await SocialChannel.find(channel, on: install.db).map { $0.name = "VK group"; return $0 }?.save(on: install.db)
        let file = install.database.dataDirectory + "/posts.csv"
        try "date,time,channels,text\n2027-05-01,09:00,VK group,Из командной строки\n2027-05-02,09:00,Nowhere,Плохая строка\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try await HeraldProcess.run(["import", file, "--workspace", "Main"], environment: install.environment)
        #expect(refused.status == 1)
        #expect(refused.output.contains("line 3, channels: No channel named “Nowhere” in this workspace."))
        #expect(try await Post.query(on: install.db).count() == 0)
        let partial = try await HeraldProcess.run(["import", file, "--workspace", "Main", "--only-valid"], environment: install.environment)
        #expect(partial.status == 0)
        #expect(partial.output.contains("1 of 2 rows imported"))
        #expect(try await Post.query(on: install.db).count() == 1)
        await install.close()
    }

    @Test("`herald inbox export` writes the inbox as CSV since a day, oldest first, formulas defused; a bad day is named")
    func inboxExport() async throws {
        try #require(HeraldProcess.isBuilt, "run `swift build` first")
        let install = try await InstallFixture.make()
        let channelID = try await install.channel(.sandbox, credential: ChannelCredential(accessToken: "t"))
        let channel = try #require(try await SocialChannel.find(channelID, on: install.db))
        let day: TimeInterval = 86_400
        _ = try await InboxSync.store(ConversationBatch(items: [
            ConversationItem(remoteID: "old", kind: .comment, authorID: "a", authorName: "@old", text: "Давно", at: Date().addingTimeInterval(-40 * day)),
            ConversationItem(remoteID: "new", kind: .directMessage, authorID: "b", authorName: "@new", text: "=HYPERLINK(\"x\") \"кавычки\"",
                             at: Date().addingTimeInterval(-day)),
            ConversationItem(remoteID: "newer", kind: .comment, authorID: "c", authorName: "@newer", text: "Срочно, не работает!", at: Date()),
        ], cursor: nil), channel: channel, now: Date(), on: install.db)
        let since = ISO8601DateFormatter.string(from: Date().addingTimeInterval(-10 * day), timeZone: .gmt, formatOptions: [.withFullDate])
        let file = install.database.dataDirectory + "/inbox.csv"
        let run = try await HeraldProcess.run(["inbox", "export", "--workspace", "Main", "--since", since, "--output", file], environment: install.environment)
        #expect(run.status == 0, "\(run.output)")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first == InboxExport.header && lines.count == 3, "\(lines)")
        #expect(lines[1].contains("\"'@new\"") && lines[1].contains("\"'=HYPERLINK(\"\"x\"\") \"\"кавычки\"\"\""), "\(lines[1])")
        #expect(lines[2].contains("\"'@newer\"") && lines[2].contains("\"urgent\"") == false && lines[2].contains("\"yes\""))
        let stdout = try await HeraldProcess.run(["inbox", "export", "--workspace", "Main"], environment: install.environment)
        #expect(stdout.status == 0 && stdout.output.contains("Давно"), "everything without --since")
        let bad = try await HeraldProcess.run(["inbox", "export", "--workspace", "Main", "--since", "yesterday"], environment: install.environment)
        #expect(bad.status == 2 && bad.output.contains("since"), "\(bad.output)")
        await install.close()
    }

    @Test("`herald analytics export` writes the period's posts as CSV; a bad day is refused by name")
    func analyticsExport() async throws {
        try #require(HeraldProcess.isBuilt, "run `swift build` first")
        let install = try await InstallFixture.make()
        _ = try await install.channel(.sandbox, credential: ChannelCredential(accessToken: "t"))
        let file = install.database.dataDirectory + "/analytics.csv"
        let run = try await HeraldProcess.run(["analytics", "export", "--workspace", "Main", "--from", "2026-11-01", "--to", "2026-11-30", "--output", file],
                                        environment: install.environment)
        #expect(run.status == 0, "\(run.output)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix("published_at,post_id,channel,platform,kind,campaign,hashtags,image_tags,characters,likes,"))
        let bad = try await HeraldProcess.run(["analytics", "export", "--workspace", "Main", "--from", "November"], environment: install.environment)
        #expect(bad.status == 2 && bad.output.contains("from"), "\(bad.output)")
        let backwards = try await HeraldProcess.run(["analytics", "export", "--workspace", "Main", "--from", "2026-11-10", "--to", "2026-11-01"],
                                              environment: install.environment)
        #expect(backwards.status == 2 && backwards.output.contains("to: The period ends before it starts."), "\(backwards.output)")
        await install.close()
    }

    @Test("`herald analytics rebuild` fills the roll-up again and can be repeated")
    func analyticsRebuild() async throws {
        try #require(HeraldProcess.isBuilt, "run `swift build` first")
        let install = try await InstallFixture.make()
        for _ in 0..<2 {
            let run = try await HeraldProcess.run(["analytics", "rebuild", "--workspace", "Main"], environment: install.environment)
            #expect(run.status == 0 && run.output.contains("Main: 0 published posts in the analytics roll-up."), "\(run.output)")
        }
        let unknown = try await HeraldProcess.run(["analytics", "rebuild", "--workspace", "Nowhere"], environment: install.environment)
        #expect(unknown.status != 0 && unknown.output.contains("Nowhere"), "\(unknown.output)")
        await install.close()
    }

    @Test("`herald bench analytics --json` ends with one object of the promised keys")
    func analyticsBench() async throws {
        try #require(HeraldProcess.isBuilt, "run `swift build` first")
        let run = try await HeraldProcess.run(["bench", "analytics", "--posts", "400", "--points", "16000", "--json"], environment: ["HERALD_LOG_LEVEL": "error"])
        #expect(run.status == 0, "\(run.output)")
        let last = try #require(run.output.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(object["posts"] as? Int == 400 && object["metric_points"] as? Int == 16_000 && object["database"] as? String == "sqlite")
        #expect((object["bytes_per_million_points"] as? Int ?? 0) > 0 && object["rollup_seconds"] as? Double != nil)
        #expect(object["window_fill_seconds"] as? Double != nil && object["window_day_ms"] as? Double != nil)
        let queries = try #require(object["queries"] as? [String: [String: Double]])
        #expect(Set(queries.keys) == ["dashboard", "best_time", "content"] && queries.values.allSatisfy { $0["p50_ms"] != nil && $0["p99_ms"] != nil })
    }

    @Test("`herald worker` publishes a due post through the Sandbox network and stops cleanly on SIGTERM")
    func worker() async throws {
        try #require(HeraldProcess.isBuilt, "run `swift build` first")
        let install = try await InstallFixture.make(extraEnvironment: ["HERALD_WORKER_POLL_MS": "50"])
        let channel = try await install.channel(.sandbox, credential: ChannelCredential(accessToken: "token"))
        try await install.duePost("Из фонового процесса", channel: channel, due: Date().addingTimeInterval(-5))

        let started = try HeraldProcess.start(["worker"], environment: install.environment)
        var published = false
        for _ in 0..<100 where !published {
            try await Task.sleep(for: .milliseconds(100))
            published = try await PublicationRecord.query(on: install.db).filter(\.$stateName == "published").count() == 1
        }
        #expect(published, "the worker published the due post")
        kill(started.0.processIdentifier, SIGTERM)
        let (status, output) = await HeraldProcess.finish(started)
        #expect(status == 0, "\(output)")
        #expect(output.contains("stopped"))
        await install.close()
    }
}
