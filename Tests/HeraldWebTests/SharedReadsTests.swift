import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import NIOConcurrencyHelpers
@testable import HeraldWeb
import Testing
import Vapor

/// Identical overlapping reads run once; a write answered in between, a different key, the end
/// of the read or the setting being off each make the next request read on its own.
@Suite("Shared reads")
struct SharedReadsTests {
    /// A read that counts its runs and holds until released, so runs overlap on purpose.
    final class HeldRead: Sendable {
        private let state = NIOLockedValueBox<(runs: Int, waiting: [CheckedContinuation<Void, Never>], open: Bool)>((0, [], false))

        var runs: Int { state.withLockedValue { $0.runs } }

        func read(_ value: Int) async -> Int {
            await withCheckedContinuation { continuation in
                let resume = state.withLockedValue { state -> Bool in
                    state.runs += 1
                    if state.open { return true }
                    state.waiting.append(continuation)
                    return false
                }
                if resume { continuation.resume() }
            }
            return value
        }

        func release() {
            let waiting = state.withLockedValue { state in
                state.open = true
                defer { state.waiting = [] }
                return state.waiting
            }
            for continuation in waiting { continuation.resume() }
        }
    }

    /// Waits until `condition` holds (a started task has registered).
    static func until(_ condition: @escaping () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(2)) }
        #expect(condition())
    }

    @Test("requests for the same key while a read runs share it: one run, every caller gets its value")
    func shared() async throws {
        let reads = SharedReads(), held = HeldRead()
        async let first = reads.run("month") { await held.read(1) }
        try await Self.until { reads.running == 1 && held.runs == 1 }
        async let second = reads.run("month") { await held.read(2) }
        async let third = reads.run("month") { await held.read(3) }
        try await Task.sleep(for: .milliseconds(50))
        held.release()
        let values = try await [first, second, third]
        #expect(values == [1, 1, 1] && held.runs == 1)
        #expect(reads.running == 0, "nothing is kept once the read ended")
        let later = try await reads.run("month") { await held.read(4) }
        #expect(later == 4 && held.runs == 2, "a request after the read ended reads again: not a cache")
    }

    /// Starts a read under `first`, does `between`, starts one under `second` while the first
    /// still runs, and tells whether both ran (each answers its own value).
    static func bothRan(_ reads: SharedReads, _ first: String, _ second: String, between: () -> Void = {}) async throws -> Bool {
        let held = HeldRead()
        async let one = reads.run(first) { await held.read(1) }
        try await until { held.runs == 1 }
        between()
        async let two = reads.run(second) { await held.read(2) }
        try await until { held.runs == 2 }
        held.release()
        return try await [one, two] == [1, 2] && held.runs == 2
    }

    @Test("after a write has been answered, a request does not join a read that began before it")
    func writeInBetween() async throws {
        let reads = SharedReads()
        #expect(try await Self.bothRan(reads, "month", "month", between: reads.noteWrite))
    }

    @Test("different keys read on their own, and so does everything when the setting is off")
    func separate() async throws {
        #expect(try await Self.bothRan(SharedReads(), "march", "april"))
        #expect(try await Self.bothRan(SharedReads(enabled: false), "month", "month"))
    }

    /// The error a request's read under "month" ended with (nil: it answered).
    static func failed(_ reads: SharedReads, _ read: @escaping @Sendable () async throws -> Int) async -> (any Error)? {
        do {
            _ = try await reads.run("month", read)
            return nil
        } catch {
            return error
        }
    }

    @Test("a failed read fails every request that shared it, and the next request reads again")
    func failure() async throws {
        struct Broken: Error {}
        let reads = SharedReads(), held = HeldRead()
        let failing: @Sendable () async throws -> Int = { _ = await held.read(0); throw Broken() }
        async let first = Self.failed(reads, failing)
        try await Self.until { held.runs == 1 }
        async let second = Self.failed(reads, failing)
        try await Task.sleep(for: .milliseconds(30))
        held.release()
        #expect(await [first, second].allSatisfy { $0 is Broken })
        #expect(held.runs == 1, "one run, shared")
        #expect(try await reads.run("month") { 7 } == 7)
    }

    @Test("a POST through the application moves the write clock (any method but GET, HEAD and OPTIONS does); a GET does not")
    func middleware() async throws {
        try await withHerald { app in
            let reads = app.sharedReads
            #expect(reads.enabled)
            let held = HeldRead()
            async let running = reads.run("month") { await held.read(1) }
            try await Self.until { held.runs == 1 }
            let browser = try TestBrowser(app: app)
            _ = try await browser.get("/login")
            async let joined = reads.run("month") { await held.read(2) }
            try await Task.sleep(for: .milliseconds(30))
            #expect(held.runs == 1, "a GET changes nothing: the running read is joined")
            _ = try await browser.post("/login", form: ["email": "nobody@example.com", "password": "wrong password here"])
            async let fresh = reads.run("month") { await held.read(3) }
            try await Self.until { held.runs == 2 }
            held.release()
            #expect(try await [running, joined, fresh] == [1, 1, 3])
        }
    }
}

/// Through the real pages: people of different roles and languages asking for the same month at
/// once each get their own page (the shared drawing is keyed by role and language), and each page
/// carries that person's own CSRF token.
@Suite("Shared reads on the calendar")
struct SharedCalendarTests {
    @Test("an owner (English) and a viewer (Russian) loading one month 40 times at once: moves only for the owner, each in its language, each with its own token")
    func rolesAndLanguages() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let ownerAPI = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "owner"))
            _ = try await ownerAPI.api(.POST, "/api/v1/workspaces/\(w)/members", json: """
                {"email":"viewer@agency.test","name":"Viewer","password":"\(Fixtures.password)","role":"viewer"}
                """)
            let viewer = try TestBrowser(app: app)
            try await Fixtures.signIn(viewer, email: "viewer@agency.test")
            _ = try await viewer.get("/language?set=ru&next=/")
            let post = Post(workspaceID: w, authorID: nil, text: "Shared month")
            post.statusName = PostStatus.scheduled.rawValue
            post.scheduledAt = try #require(ISO8601DateFormatter().date(from: "2031-05-05T09:00:00Z"))
            try await post.create(on: app.db)
            let path = "/w/\(w)/calendar?view=month&date=2031-05-05"
            // The token each page's forms carry (masked afresh per page), unmasked.
            func token(in page: String) -> String? {
                Fixtures.firstMatch(of: #"name="_csrf" value="[^"]+""#, in: page)
                    .map { String($0.dropFirst(#"name="_csrf" value=""#.count).dropLast()) }.flatMap(CSRFMask.unmasked)
            }
            let ownerToken = try #require(owner.csrfToken), viewerToken = try #require(viewer.csrfToken)
            #expect(ownerToken != viewerToken)

            let pages = try await withThrowingTaskGroup(of: (Bool, String).self) { group in
                for index in 0..<40 {
                    let isOwner = index % 2 == 0
                    group.addTask { (isOwner, try await (isOwner ? owner : viewer).get(path).text) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(pages.count == 40)
            for (isOwner, page) in pages {
                #expect(page.contains("Shared month"))
                #expect(page.contains("draggable=\"true\"") == isOwner, isOwner ? "the owner may move posts" : "a viewer may not")
                #expect(page.contains(isOwner ? "May 2031" : "Май 2031"))
                #expect(token(in: page) == (isOwner ? ownerToken : viewerToken), "the person's own CSRF token")
            }
        }
    }
}
