import HeraldApp
import NIOPosix
import Vapor

/// Passwords hashed with bcrypt (Vapor's implementation), off the event loops: a hash at cost
/// 12 takes a quarter of a second of CPU.
package struct BcryptHashing: PasswordHashing {
    package let cost: Int
    package var threadPool: NIOThreadPool = .singleton

    package init(cost: Int) { self.cost = cost }

    package func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    package func verify(_ password: String, against hash: String) async throws -> Bool {
        try await threadPool.runIfActive { try Bcrypt.verify(password, created: hash) }
    }
}
