import FluentKit
import Foundation
import HeraldStore
import HeraldTestSupport
@testable import HeraldWeb
import Testing
import Vapor

/// The calendar reads through its own connections on SQLite (`PageReaders`); what it reads must
/// be what the application just wrote.
@Suite("Page readers")
struct PageReadersTests {
    @Test("each reader in turn sees every row written through the application's pool at once (both databases)")
    func readsWhatWasWritten() async throws {
        try await withHerald { app in
            let readers = try #require(app.pageReaders)
            for written in 1...6 {
                try await Organization(name: "Org \(written)").create(on: app.db)
                let request = Request(application: app, on: app.eventLoopGroup.any())
                let seen = try await readers.database(for: request).onOneConnection { db in
                    try await Organization.query(on: db).filter(\.$name ~~ "Org ").count()
                }
                #expect(seen == written, "reader \(written) of 6")
            }
        }
    }

    @Test("an in-memory SQLite database and PostgreSQL get no readers: pages read from the application's pool")
    func noReaders() async {
        let memory = PageReaders(target: .sqlite(path: ":memory:"), threadPool: .singleton, on: MultiThreadedEventLoopGroup.singleton)
        let postgres = PageReaders(target: .postgres(url: "postgres://x@127.0.0.1/y"), threadPool: .singleton,
                                   on: MultiThreadedEventLoopGroup.singleton)
        #expect(memory.readerCount == 0 && postgres.readerCount == 0)
        let file = PageReaders(target: .sqlite(path: "/tmp/herald-readers-\(UUID().text).sqlite"), threadPool: .singleton,
                               on: MultiThreadedEventLoopGroup.singleton)
        #expect(file.readerCount == PageReaders.perEventLoop)
        for readers in [memory, postgres, file] { await readers.shutdown() }
    }

    @Test("the database threads outnumber a server's SQLite connections on any number of cores (web, worker, health, readers)")
    func threads() {
        for cores in 1...64 {
            #expect(DatabaseThreads.count(cores: cores) > cores * (3 + PageReaders.perEventLoop), "\(cores) cores")
        }
    }
}
