// swift-tools-version:6.1
import PackageDescription

// Versions are pinned to what the package mirror on our build machines serves: `from:` must name
// exactly a listed version.
let package = Package(
    name: "herald",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "herald", targets: ["herald"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // Pure domain: no I/O, no framework imports.
        .target(name: "HeraldCore"),
        .target(
            name: "HeraldStore",
            dependencies: [
                "HeraldCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "HeraldConnectors",
            dependencies: [
                "HeraldCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .target(
            name: "HeraldJobs",
            dependencies: [
                "HeraldCore", "HeraldStore", "HeraldConnectors",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // The use cases, without Vapor: what the web, the API, the CLI and the worker all call.
        .target(
            name: "HeraldApp",
            dependencies: [
                "HeraldCore", "HeraldStore", "HeraldConnectors", "HeraldJobs",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .target(
            name: "HeraldWeb",
            dependencies: [
                "HeraldCore", "HeraldStore", "HeraldConnectors", "HeraldJobs", "HeraldApp",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Local HTTP servers that speak a platform's API subset, with fault switches; used by the
        // tests and by `herald bench`.
        .target(
            name: "HeraldEmulators",
            dependencies: [.product(name: "Vapor", package: "vapor"), .product(name: "AsyncHTTPClient", package: "async-http-client")]
        ),
        // Test data without a framework: files built byte by byte, for any test target.
        .target(name: "HeraldFixtures"),
        .target(
            name: "HeraldTestSupport",
            dependencies: [
                "HeraldFixtures", "HeraldApp", "HeraldWeb", "HeraldStore", "HeraldConnectors", "HeraldEmulators", "HeraldJobs",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
        .executableTarget(
            name: "herald",
            dependencies: [
                "HeraldWeb", "HeraldApp", "HeraldJobs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), "HeraldConnectors", "HeraldStore", "HeraldCore", "HeraldEmulators",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .testTarget(name: "HeraldCoreTests", dependencies: ["HeraldCore", "HeraldFixtures"], resources: [.copy("Samples")]),
        .testTarget(name: "HeraldJobsTests", dependencies: [
            // Every Herald module the tests import is named here, not reached through another:
            // a dependency reached only transitively was not rebuilt when its layout changed.
            "HeraldJobs", "HeraldStore", "HeraldCore", "HeraldConnectors", "HeraldEmulators", "HeraldTestSupport",
            .product(name: "Vapor", package: "vapor"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .testTarget(name: "HeraldConnectorsTests", dependencies: [
            "HeraldConnectors", "HeraldCore", "HeraldEmulators", "HeraldFixtures", "HeraldTestSupport",
        ]),
        .testTarget(name: "HeraldStoreTests", dependencies: ["HeraldStore", "HeraldTestSupport"]),
        .testTarget(
            name: "HeraldWebTests",
            dependencies: [
                "HeraldWeb", "HeraldApp", "HeraldConnectors", "HeraldCore", "HeraldEmulators", "HeraldFixtures", "HeraldJobs",
                "HeraldStore", "HeraldTestSupport",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
