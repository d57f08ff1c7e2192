import HeraldStore
import Testing

@Suite("DATABASE_URL")
struct DatabaseTargetTests {
    @Test("SQLite in the data directory by default; postgres:// and sqlite:// URLs; anything else refused")
    func resolve() throws {
        #expect(try DatabaseTarget.resolve(databaseURL: nil, dataDirectory: "/data") == .sqlite(path: "/data/herald.sqlite"))
        #expect(try DatabaseTarget.resolve(databaseURL: "  ", dataDirectory: "/data") == .sqlite(path: "/data/herald.sqlite"))
        #expect(try DatabaseTarget.resolve(databaseURL: "postgres://u:p@db:5432/herald", dataDirectory: "/d")
                == .postgres(url: "postgres://u:p@db:5432/herald"))
        #expect(try DatabaseTarget.resolve(databaseURL: "sqlite:///var/lib/herald.db", dataDirectory: "/d")
                == .sqlite(path: "/var/lib/herald.db"))
        do {
            _ = try DatabaseTarget.resolve(databaseURL: "mysql://u:hunter2@db/herald", dataDirectory: "/d")
            Issue.record("accepted mysql")
        } catch {
            #expect("\(error)".contains("neither postgres://"))
            #expect(!"\(error)".contains("hunter2"), "passwords are not printed")
        }
    }
}
