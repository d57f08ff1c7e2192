import Foundation

/// One holder at a time per key within this process: posts to a platform that cannot be read go
/// out one at a time per channel, whichever batch they came in, so a crash leaves at most one in
/// flight for a person to look at.
actor SerialLanes {
    static let shared = SerialLanes()

    private var busy: Set<UUID> = []
    private var waiting: [UUID: [CheckedContinuation<Void, Never>]] = [:]

    func acquire(_ key: UUID) async {
        guard busy.contains(key) else {
            busy.insert(key)
            return
        }
        await withCheckedContinuation { waiting[key, default: []].append($0) }
    }

    /// Hands the lane to the next waiter, or frees it.
    func release(_ key: UUID) {
        if var queue = waiting[key], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[key] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            busy.remove(key)
        }
    }

    /// Runs `body` holding the lane of `key`.
    static func run<T: Sendable>(_ key: UUID, _ body: () async -> T) async -> T {
        await shared.acquire(key)
        let result = await body()
        await shared.release(key)
        return result
    }
}
