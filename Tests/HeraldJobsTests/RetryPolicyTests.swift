import HeraldJobs
import Testing

@Suite("Retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy(baseDelay: .seconds(5), maximumDelay: .seconds(60), maximumAttempts: 5)

    @Test("the bound doubles per failure up to the cap", arguments: [
        (1, Duration.seconds(5)), (2, .seconds(10)), (3, .seconds(20)), (4, .seconds(40)),
    ])
    func bounds(failures: Int, bound: Duration) {
        #expect(policy.delay(afterFailedAttempts: failures, unit: 0.999_999)! <= bound)
        #expect(policy.delay(afterFailedAttempts: failures, unit: 0.999_999)! > bound * 0.99)
        #expect(policy.delay(afterFailedAttempts: failures, unit: 0) == .zero)
    }

    @Test("gives up after the last attempt")
    func exhausted() {
        #expect(policy.delay(afterFailedAttempts: 5, unit: 0.5) == nil)
        #expect(policy.delay(afterFailedAttempts: 0, unit: 0.5) == nil)
        let long = RetryPolicy(baseDelay: .seconds(5), maximumDelay: .seconds(60), maximumAttempts: 100)
        #expect(long.delay(afterFailedAttempts: 90, unit: 0.999_999)! <= .seconds(60), "no overflow, capped")
    }

    @Test("a platform's Retry-After wins when longer, but not beyond the cap")
    func retryAfter() {
        #expect(policy.delay(afterFailedAttempts: 1, retryAfter: .seconds(30), unit: 0.5) == .seconds(30))
        #expect(policy.delay(afterFailedAttempts: 1, retryAfter: .seconds(3600), unit: 0.5) == .seconds(60))
        #expect(policy.delay(afterFailedAttempts: 4, retryAfter: .seconds(1), unit: 0.5) == .seconds(20))
    }
}
