import HeraldCore
import Crypto
import Foundation

/// Finds the key that seals credentials: `HERALD_SECRET_KEY` (64 hex characters or base64 of
/// 32 bytes) if set, else `<data directory>/secret.key`, generated on first run with mode 0600.
public enum SecretKeyLoader {
    public static let fileName = "secret.key"

    public static func load(environmentValue: String?, dataDirectory: String) throws -> SymmetricKey {
        if let raw = environmentValue?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty {
            guard let bytes = decode(raw), bytes.count == 32 else { throw SecretKeyError.invalidEnvironmentKey }
            return SymmetricKey(data: bytes)
        }
        let path = (dataDirectory as NSString).appendingPathComponent(fileName)
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let bytes = decode(text), bytes.count == 32 else { throw SecretKeyError.invalidKeyFile(path) }
            return SymmetricKey(data: bytes)
        }
        try manager.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let key = SymmetricKey(size: .bits256)
        let hex = Hex.encode(key.withUnsafeBytes { Data($0) })
        // Create with 0600 from the start (not chmod afterwards) so the key is never world-readable.
        guard manager.createFile(atPath: path, contents: Data((hex + "\n").utf8),
                                 attributes: [.posixPermissions: 0o600]) else {
            throw SecretKeyError.cannotWrite(path)
        }
        return key
    }

    static func decode(_ text: String) -> Data? {
        if text.count == 64, text.allSatisfy(\.isHexDigit) {
            var data = Data()
            var index = text.startIndex
            while index < text.endIndex {
                let next = text.index(index, offsetBy: 2)
                guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
                data.append(byte)
                index = next
            }
            return data
        }
        return Data(base64Encoded: text)
    }
}

public enum SecretKeyError: Error, CustomStringConvertible {
    case invalidEnvironmentKey
    case invalidKeyFile(String)
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .invalidEnvironmentKey:
            "HERALD_SECRET_KEY must be 32 random bytes as 64 hex characters or base64 (try: openssl rand -hex 32)"
        case .invalidKeyFile(let path): "\(path) does not hold a 32-byte key in hex or base64"
        case .cannotWrite(let path): "cannot create the secret key file \(path)"
        }
    }
}
