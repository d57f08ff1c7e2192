import HeraldCore
import Testing

@Suite("Outbound addresses: nothing inside the machine or its network")
struct OutboundAddressTests {
    @Test("refused unless allowed", arguments: [
        "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "fc12:3456::1", "::ffff:127.0.0.1",
        "::ffff:169.254.169.254", "ff02::1",
    ])
    func refused(address: String) {
        #expect(!OutboundAddressPolicy().permits(host: address, resolved: [address]), "\(address)")
    }

    @Test("public addresses pass", arguments: ["203.0.113.10", "8.8.8.8", "172.32.0.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"])
    func permitted(address: String) {
        #expect(OutboundAddressPolicy().permits(host: address, resolved: [address]), "\(address)")
    }

    @Test("the allow list: host names, addresses and networks; a name resolving to one private address is refused")
    func allowList() {
        let policy = OutboundAddressPolicy(allowed: ["mastodon.lan", "10.0.0.0/8", "127.0.0.1"])
        #expect(policy.permits(host: "mastodon.lan", resolved: ["192.168.0.5"]))
        #expect(policy.permits(host: "intranet", resolved: ["10.20.30.40"]))
        #expect(policy.permits(host: "127.0.0.1", resolved: ["127.0.0.1"]))
        #expect(!policy.permits(host: "127.0.0.2", resolved: ["127.0.0.2"]))
        #expect(!OutboundAddressPolicy().permits(host: "rebind.example", resolved: ["203.0.113.10", "127.0.0.1"]))
        #expect(!OutboundAddressPolicy().permits(host: "nowhere.invalid", resolved: []))
        #expect(OutboundAddressPolicy.parse("1.2.3") == nil && OutboundAddressPolicy.parse("1:2:3:4:5:6:7:8:9") == nil)
    }
}
