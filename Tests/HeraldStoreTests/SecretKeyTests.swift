import Crypto
import Foundation
import HeraldStore
import Testing

@Suite("Secret key")
struct SecretKeyTests {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "herald-key-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("generated on first run with mode 0600, and reused afterwards")
    func generated() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try SecretKeyLoader.load(environmentValue: nil, dataDirectory: directory)
        let path = directory + "/" + SecretKeyLoader.fileName
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let second = try SecretKeyLoader.load(environmentValue: nil, dataDirectory: directory)
        let box = SecretBox(key: first)
        let sealed = try box.seal(Data("x".utf8), context: "c")
        #expect(try SecretBox(key: second).open(sealed, context: "c") == Data("x".utf8))
    }

    @Test("HERALD_SECRET_KEY wins, in hex or base64; a malformed one is refused clearly")
    func environment() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let hex = String(repeating: "0f", count: 32)
        let fromHex = try SecretKeyLoader.load(environmentValue: hex, dataDirectory: directory)
        let fromBase64 = try SecretKeyLoader.load(environmentValue: Data(repeating: 0x0f, count: 32).base64EncodedString(),
                                                  dataDirectory: directory)
        let sealed = try SecretBox(key: fromHex).seal(Data("y".utf8), context: "c")
        #expect(try SecretBox(key: fromBase64).open(sealed, context: "c") == Data("y".utf8))
        #expect(!FileManager.default.fileExists(atPath: directory + "/" + SecretKeyLoader.fileName))
        #expect(throws: SecretKeyError.self) { try SecretKeyLoader.load(environmentValue: "too-short", dataDirectory: directory) }
        do {
            _ = try SecretKeyLoader.load(environmentValue: "abc", dataDirectory: directory)
        } catch {
            #expect("\(error)".contains("64 hex characters or base64"))
        }
    }

    @Test("tampered or truncated ciphertext does not open")
    func tampering() throws {
        let box = SecretBox(key: SymmetricKey(size: .bits256))
        var sealed = try box.seal(Data("secret".utf8), context: "row-1")
        sealed[sealed.count - 1] ^= 0x01
        #expect(throws: SecretBoxError.self) { try box.open(sealed, context: "row-1") }
        #expect(throws: SecretBoxError.self) { try box.open(Data([1, 2, 3]), context: "row-1") }
    }
}
