import Fluent
import Foundation
import HeraldApp
import HeraldCore
import HeraldJobs
import HeraldStore
import SQLKit
@testable import HeraldWeb
import HeraldTestSupport
import Testing
import Vapor

/// With no worker running, posts used to pass their time without a word (the sweep that reports
/// missed posts runs in the worker too). Now every page of a workspace with posts past their time
/// says so, and the API's notifications carry it, until a worker checks in.
@Suite("No worker running, or none scheduling: pages and the API say that posts are not going out")
struct PublishingWatchTests {
    @Test("posts past their time and no worker, or none scheduling: said on the workspace's pages and in the API, in English and Russian, until one does")
    func noWorker() async throws {
        try await withHerald { app in
            app.publishingWatch = PublishingWatch.Cache(ttl: 0)  // every request reads afresh
            let s = try await AttentionTests.setup(app)
            let channel = try await s.channel(#"{"platform":"sandbox","name":"Main","access_token":"t"}"#)
            let page = "/w/\(s.workspace)/calendar"
            func stopped(_ path: String = page) async throws -> Bool { try await s.owner.get(path).text.contains("Posts are not going out") }

            // A post due in an hour, and one due a minute ago (within the grace): nothing to say yet.
            _ = try await s.post("Later", channel: channel, minutes: 60)
            let recent = try await s.post("Just now", channel: channel, minutes: -1)
            #expect(try await stopped() == false)
            #expect(try await s.api.api(.GET, "\(s.w)/notifications").json["publishing_stopped"] == nil)

            // Ten minutes late, and no worker has ever run.
            let late = try #require(try await Post.find(recent, on: app.db))
            late.scheduledAt = Date().addingTimeInterval(-600)
            try await late.save(on: app.db)
            let never = try await s.owner.get(page).text
            #expect(never.contains("Posts are not going out: no publishing worker has run yet, and scheduled posts past their time: 1"))
            #expect(never.contains("role=\"alert\""))
            #expect(try await stopped("/w/\(s.workspace)/notifications"))
            #expect(try await stopped("/w/\(s.workspace)/settings/channels"))
            let answer = try await s.api.api(.GET, "\(s.w)/notifications")
            #expect(answer.status == .ok)
            let stoppedJSON = try #require(answer.json["publishing_stopped"] as? [String: Any])
            #expect(stoppedJSON["overdue_posts"] as? Int == 1 && stoppedJSON["first_due"] != nil && stoppedJSON["worker_seen_at"] == nil)
            #expect(stoppedJSON["reason"] as? String == "no_worker")
            #expect((stoppedJSON["message"] as? String)?.hasPrefix("Posts are not going out: no publishing worker has run yet") == true)

            // Another workspace of the same owner, with nothing late: its pages say nothing.
            let other = try await Agency.create(s.api, "/api/v1/workspaces", #"{"name":"Other","time_zone":"UTC","language":"en"}"#)
            #expect(try await stopped("/w/\(other)/calendar") == false)
            #expect(try await s.api.api(.GET, "/api/v1/workspaces/\(other)/notifications").json["publishing_stopped"] == nil)

            // A worker that last checked in ten minutes ago: named with its time.
            try await WorkerBeats.beat(worker: "gone:1:a", started: Date().addingTimeInterval(-3_600), now: Date().addingTimeInterval(-600), on: app.db)
            #expect(try await s.owner.get(page).text.contains("no publishing worker has checked in since"))
            let seen = try #require(try await s.api.api(.GET, "\(s.w)/notifications").json["publishing_stopped"] as? [String: Any])
            #expect(seen["worker_seen_at"] != nil)

            // Russian: the page and the API.
            _ = try await s.owner.get("/language?set=ru&next=/")
            #expect(try await s.owner.get(page).text.contains("Посты не выходят: воркер публикации не отмечался с"))
            s.api.acceptLanguage = "ru"
            let russian = try #require(try await s.api.api(.GET, "\(s.w)/notifications").json["publishing_stopped"] as? [String: Any])
            #expect((russian["message"] as? String)?.hasPrefix("Посты не выходят") == true)
            _ = try await s.owner.get("/language?set=en&next=/")
            s.api.acceptLanguage = nil

            // A worker checks in, started a minute ago and not scheduling yet: it gets its time.
            try await WorkerBeats.beat(worker: "alive:2:b", started: Date().addingTimeInterval(-60), on: app.db)
            #expect(try await stopped() == false)
            #expect(try await s.api.api(.GET, "\(s.w)/notifications").json["publishing_stopped"] == nil)

            // Workers running for an hour, none scheduling for ten minutes (on PostgreSQL the one
            // holding the scheduler's lock hangs): said so, with when it last scheduled.
            try await WorkerBeats.beat(worker: "steady:3:c", started: Date().addingTimeInterval(-3_600),
                                       led: Date().addingTimeInterval(-600), on: app.db)
            #expect(try await s.owner.get(page).text.contains("workers are running, but none has scheduled posts since"))
            let stuck = try #require(try await s.api.api(.GET, "\(s.w)/notifications").json["publishing_stopped"] as? [String: Any])
            #expect(stuck["reason"] as? String == "not_scheduling" && stuck["last_scheduled_at"] != nil && stuck["worker_seen_at"] == nil)
            _ = try await s.owner.get("/language?set=ru&next=/")
            #expect(try await s.owner.get(page).text.contains("воркеры работают, но ни один не планировал посты с"))
            _ = try await s.owner.get("/language?set=en&next=/")
            try await WorkerBeats.beat(worker: "steady:3:c", started: Date().addingTimeInterval(-3_600), on: app.db)
            #expect(try await s.owner.get(page).text.contains("workers are running, but none has scheduled posts yet"))

            // It schedules again: nothing more to say (it publishes the post on its next round).
            try await WorkerBeats.beat(worker: "steady:3:c", started: Date().addingTimeInterval(-3_600), led: Date(), on: app.db)
            #expect(try await stopped() == false)
            #expect(try await s.api.api(.GET, "\(s.w)/notifications").json["publishing_stopped"] == nil)
        }
    }

    @Test("a running worker records its beat from its loop, and that it runs the scheduler; beats of long-gone workers are removed")
    func workerBeats() async throws {
        try await withHerald { app in
            #expect(try await WorkerBeats.read(on: app.db) == WorkerBeats.Reading(seen: nil, led: nil, aliveSince: nil))
            var worker = app.runtime.makeWorker(database: app.runtime.database)
            worker.beatInterval = 0.05
            let running = Task { [worker] in await worker.run() }
            let start = Date()
            var beats = WorkerBeats.Reading(seen: nil, led: nil, aliveSince: nil)
            for _ in 0..<100 {
                try await Task.sleep(for: .milliseconds(50))
                beats = try await WorkerBeats.read(on: app.db)
                if let seen = beats.seen, seen > start.addingTimeInterval(0.1), beats.led != nil { break }
            }
            running.cancel()
            await running.value
            let last = try #require(beats.seen)
            #expect(last > start.addingTimeInterval(0.1) && last <= Date(), "beats again while it runs, not only at its start")
            #expect(try #require(beats.led) >= start, "it leads (SQLite: every process does) and says when it last scheduled")
            #expect(try #require(beats.aliveSince) >= start.addingTimeInterval(-1))
            // A worker gone for longer than the beats are kept is forgotten by the next worker to beat.
            try await WorkerBeats.beat(worker: "ancient:1:x", started: .distantPast, now: Date().addingTimeInterval(-WorkerBeats.keep - 60), on: app.db)
            try await WorkerBeats.beat(worker: "now:2:y", started: Date(), on: app.db)
            guard let sql = app.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            let names = try await sql.raw("SELECT worker FROM worker_beats").all().map { try $0.decode(column: "worker", as: String.self) }
            #expect(!names.contains("ancient:1:x") && names.contains("now:2:y") && names.count == 2)
        }
    }
}
