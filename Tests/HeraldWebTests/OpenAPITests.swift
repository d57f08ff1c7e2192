import HeraldApp
import Foundation
import HeraldTestSupport
import Testing
import Vapor

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("served at /api/openapi.json, OpenAPI 3.1, describing exactly the registered /api/v1 routes")
    func coverage() async throws {
        try await withHerald { app in
            let browser = try TestBrowser(app: app)
            let response = try await browser.get("/api/openapi.json")
            #expect(response.status == .ok)
            let document = response.json
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])

            var registered: Set<String> = []
            for route in app.routes.all {
                let components = route.path.map(\.description)
                guard components.starts(with: ["api", "v1"]) else { continue }
                let path = "/" + components.dropFirst(2).map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }
                    .joined(separator: "/")
                let method = route.method.rawValue.lowercased()
                registered.insert("\(method) \(path)")
                #expect(paths[path]?[method] != nil, "\(method.uppercased()) /api/v1\(path) is not in the OpenAPI document")
            }
            var documented: Set<String> = []
            for (path, operations) in paths {
                for method in operations.keys { documented.insert("\(method) \(path)") }
            }
            #expect(documented == registered, "documented but not routed: \(documented.subtracting(registered))")
            #expect(registered.count >= 24)
        }
    }

    @Test("every $ref points at a defined schema; every operation documents errors")
    func references() async throws {
        try await withHerald { app in
            let data = Data(buffer: try await TestBrowser(app: app).get("/api/openapi.json").body)
            let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            var names: [String] = []
            func collect(_ value: Any) {
                if let object = value as? [String: Any] {
                    if let ref = object["$ref"] as? String { names.append(String(ref.split(separator: "/").last!)) }
                    object.values.forEach(collect)
                } else if let array = value as? [Any] {
                    array.forEach(collect)
                }
            }
            collect(document)
            #expect(!names.isEmpty)
            for name in Set(names) { #expect(schemas[name] != nil, "missing schema \(name)") }
            let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
            for (path, operations) in paths {
                for (method, operation) in operations {
                    let responses = operation["responses"] as? [String: Any] ?? [:]
                    #expect(responses["401"] != nil && responses["422"] != nil, "\(method) \(path)")
                }
            }
        }
    }
}
