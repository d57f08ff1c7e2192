import Foundation
import HeraldStore
#if canImport(Glibc)
import Glibc
#endif

/// What the benchmarks read of this machine's processes. CPU time spent so far by this process (where `herald bench web` runs the server) and, when the
/// database is a PostgreSQL server on this machine, by its processes. Read around a `wrk` run and
/// divided by its requests, it says what a request costs: on a shared machine the rates move with
/// whatever else runs, the cost per request far less (it is what A/B comparisons should use).
struct CPUReading {
    var server: Double
    var database: Double?

    /// Whether `database` is a PostgreSQL server on this machine: only then is its CPU read.
    static func isLocalPostgres(_ database: DatabaseTarget) -> Bool {
        guard case .postgres(let url) = database, let host = URLComponents(string: url)?.host else { return false }
        return ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host)
    }

    static func now(localPostgres: Bool) -> CPUReading {
        CPUReading(server: processSeconds(), database: localPostgres ? postgresSeconds() : nil)
    }

    /// Milliseconds per request between two readings (database nil unless read both times).
    static func perRequest(from start: CPUReading, to end: CPUReading, requests: Int) -> (server: Double, database: Double?) {
        let count = Double(max(1, requests))
        var database: Double?
        if let before = start.database, let after = end.database { database = (after - before) * 1000 / count }
        return ((end.server - start.server) * 1000 / count, database)
    }

    /// CPU time this process has used so far, user and system, in seconds.
    static func processSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// A memory figure of this process from `/proc/self/status` (`VmRSS`, `VmHWM`), in bytes; 0 if unreadable.
    static func statusBytes(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }

    /// User and system time of every process named `postgres` (the server and its backends), from
    /// `/proc/<pid>/stat`. A backend that exits between two readings takes its time with it; the
    /// server's pool keeps its connections open while `wrk` runs.
    static func postgresSeconds() -> Double {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var total = 0.0
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where entry.allSatisfy(\.isNumber) {
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")"),
                  stat[stat.index(after: open)..<close] == "postgres" else { continue }
            // After "pid (name) " come the state (field 3) … utime and stime (fields 14 and 15).
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
            total += (user + system) / ticks
        }
        return total
    }
}
