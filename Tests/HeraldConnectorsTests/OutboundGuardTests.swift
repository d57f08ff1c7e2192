import HeraldConnectors
import HeraldCore
import Testing

@Suite("The outbound guard: the host of every URL, checked before each request")
struct OutboundGuardTests {
    func verdict(_ guarding: OutboundGuard, _ url: String) async -> Bool {
        do { try await guarding.check(url); return true } catch { return false }
    }

    @Test("an address host keeps its verdict however often it is asked, and per policy")
    func literalHosts() async {
        let strict = OutboundGuard(allowed: []), lenient = OutboundGuard(allowed: ["127.0.0.1", "::1"])
        // Asked repeatedly (the second and later answers come from the guard's memo), and in
        // alternation with a second policy: the memo of one guard never answers for another.
        for _ in 0..<3 {
            #expect(await !verdict(strict, "http://127.0.0.1:8201/api/v1/statuses"))
            #expect(await verdict(lenient, "http://127.0.0.1:8201/api/v1/statuses"))
            #expect(await !verdict(strict, "http://[::1]:8201/api/v1/statuses"))
            #expect(await verdict(lenient, "http://[::1]:8201/api/v1/statuses"))
            #expect(await !verdict(lenient, "http://169.254.169.254/latest/meta-data"))
            #expect(await verdict(strict, "https://203.0.113.10/api/v1/statuses"))
        }
        // More hosts than the memo holds: verdicts stay right when it is emptied.
        for index in 0..<600 {
            let host = "10.0.\(index / 256).\(index % 256)"
            #expect(await !verdict(strict, "http://\(host)/"), "\(host)")
        }
        #expect(await verdict(lenient, "http://127.0.0.1/"))
    }

    @Test("names are resolved; a URL without a host is refused")
    func namesAndGarbage() async {
        let strict = OutboundGuard(allowed: [])
        #expect(await !verdict(strict, "http://localhost:22/"))
        #expect(await !verdict(strict, "not a url"))
        #expect(await !verdict(strict, "http:///path"))
        #expect(OutboundAddressPolicy.unbracketed("[::1]") == "::1" && OutboundAddressPolicy.unbracketed("example.org") == "example.org")
    }
}
