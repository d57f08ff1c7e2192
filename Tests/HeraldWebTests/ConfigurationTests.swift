import HeraldApp
import Foundation
@testable import HeraldWeb
import HeraldTestSupport
import Logging
import Testing

@Suite("Configuration files and logs")
struct ConfigurationTests {
    @Test(".env: comments, export, quotes, '=' in values; blank and broken lines skipped")
    func dotEnv() {
        let text = """
            # Herald settings
            HERALD_PORT=9090
            export DATABASE_URL="postgres://u:p@db/h?sslmode=require"
            HERALD_BASE_URL='https://herald.example'

            not a setting
            EMPTY=
            """
        let parsed = Dictionary(DotEnv.parse(text), uniquingKeysWith: { $1 })
        #expect(parsed == ["HERALD_PORT": "9090", "DATABASE_URL": "postgres://u:p@db/h?sslmode=require",
                           "HERALD_BASE_URL": "https://herald.example", "EMPTY": ""])
    }

    @Test("JSON logs: one object a line with time, level, logger, message and metadata")
    func jsonLine() throws {
        let data = try #require(JSONLogHandler.line(level: .notice, message: "Сервер запущен", label: "herald",
                                                    metadata: ["request-id": "abc"], at: Date(timeIntervalSince1970: 0)))
        #expect(data.last == UInt8(ascii: "\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: data.dropLast()) as? [String: String])
        #expect(object == ["ts": "1970-01-01T00:00:00Z", "level": "notice", "logger": "herald", "msg": "Сервер запущен",
                           "request-id": "abc"])
    }

    @Test("HERALD_SQLITE_MMAP_MIB: 256 MiB by default, 0 switches the map off, anything else is refused by name")
    func sqliteMap() throws {
        let base = ["HERALD_DATA_DIR": NSTemporaryDirectory()]
        #expect(try HeraldConfiguration.fromEnvironment(base).sqliteMapBytes == 256 << 20)
        #expect(try HeraldConfiguration.fromEnvironment(base.merging(["HERALD_SQLITE_MMAP_MIB": "0"]) { $1 }).sqliteMapBytes == 0)
        #expect(try HeraldConfiguration.fromEnvironment(base.merging(["HERALD_SQLITE_MMAP_MIB": "1024"]) { $1 }).sqliteMapBytes == 1 << 30)
        for bad in ["-1", "lots", "70000"] {
            #expect(throws: (any Error).self) {
                try HeraldConfiguration.fromEnvironment(base.merging(["HERALD_SQLITE_MMAP_MIB": bad]) { $1 })
            }
        }
    }
}
