/// Hashes and checks passwords. The use cases need only this; bcrypt itself (from Vapor) is
/// supplied by whoever composes them (`BcryptHashing` in HeraldWeb), so HeraldApp stays free
/// of the web framework.
package protocol PasswordHashing: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, against hash: String) async throws -> Bool
}
