// swift-tools-version:6.0
import PackageDescription

// Module layout follows ARCHITECTURE.md. Lower layers never import higher ones:
//   scnet → Controller/Agent/Doctor/KubeLite → Kube, OVN, Neutron, IPAM → SCNetAPI, OVSDB → NetAddress
// `NetAddress`, `SCNetAPI` and `IPAM` do no I/O. `Spawn` (starting programs) stands apart, used
// by the command line, the benchmarks and the tests.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "scnet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "scnet", targets: ["scnet"]),
        .executable(name: "scnet-bench", targets: ["scnet-bench"]),
        .executable(name: "scnet-cni", targets: ["scnet-cni"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-nio-http2", from: "1.30.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        // The embedded API's own certificate authority and server certificate.
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.1.0"),
    ],
    targets: [
        .target(name: "NetAddress", swiftSettings: strict),
        .target(name: "Spawn", swiftSettings: strict),
        .target(name: "CNI", swiftSettings: strict),
        // The plugin is started for every pod: the Swift runtime linked in statically saves it the
        // dynamic loader's work (9.5 → 5.7 ms per start, measured) and lets it run on a host
        // without a Swift toolchain. The static runtime's own dependencies must be named.
        .executableTarget(name: "scnet-cni", dependencies: ["CNI"], swiftSettings: strict,
                          linkerSettings: [.unsafeFlags(["-static-stdlib", "-l_FoundationCollections", "-l_FoundationCShims", "-lswiftSynchronization"],
                                                        .when(platforms: [.linux]))]),
        .target(name: "SCNetAPI", dependencies: ["NetAddress", "Yams"], swiftSettings: strict),
        .target(name: "IPAM", dependencies: ["NetAddress"], swiftSettings: strict),
        // Seeded hostile requests against the embedded API (tests and `scnet-bench fuzz`); no
        // product module depends on it.
        .target(
            name: "HostileInput",
            dependencies: [
                "SCNetAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict),
        .target(
            name: "OVSDB",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(name: "OVN", dependencies: ["OVSDB"], swiftSettings: strict),
        .target(
            name: "Neutron",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "Doctor",
            dependencies: [
                "Spawn",
                "Kube", "OVSDB", "OVN", "Neutron", "SCNetAPI", "NetAddress",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "KubeLite",
            dependencies: [
                "SCNetAPI", "NetAddress",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict),
        .target(
            name: "Kube",
            dependencies: [
                "SCNetAPI",
                "Yams",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "Agent",
            dependencies: [
                "CNI", "Kube", "OVN", "OVSDB", "SCNetAPI", "NetAddress",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict),
        .target(
            name: "Controller",
            dependencies: [
                "SCNetAPI", "IPAM", "NetAddress", "OVSDB", "OVN", "Neutron", "Kube",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "scnet",
            dependencies: [
                "Controller",
                "Agent",
                "Kube",
                "Spawn",
                "SCNetAPI",
                "Neutron",
                "Doctor",
                "KubeLite",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "scnet-bench",
            dependencies: [
                "IPAM", "NetAddress", "OVSDB", "OVN", "Controller", "Agent", "Kube", "KubeLite", "Neutron", "SCNetAPI", "Spawn", "HostileInput",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Benchmarks/scnet-bench",
            swiftSettings: strict),
        .testTarget(
            name: "ControllerTests",
            dependencies: [
                "Controller", "KubeLite", "Kube", "SCNetAPI", "OVN", "OVSDB", "Neutron", "TestSupport", "Spawn",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .testTarget(name: "NetAddressTests", dependencies: ["NetAddress"], swiftSettings: strict),
        .testTarget(name: "AgentTests", dependencies: ["Agent", "CNI", "SCNetAPI", "NetAddress"], swiftSettings: strict),
        .testTarget(name: "SCNetAPITests", dependencies: ["SCNetAPI"], swiftSettings: strict),
        .testTarget(name: "IPAMTests", dependencies: ["IPAM"], swiftSettings: strict),
        .target(
            name: "TestSupport",
            dependencies: ["OVSDB", "Neutron", "Spawn", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "OVSDBTests", dependencies: ["OVSDB", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "OVNTests", dependencies: ["OVN", "OVSDB", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "NeutronTests",
            dependencies: [
                "Neutron",
                "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "DoctorTests",
            dependencies: [
                "Doctor", "Kube", "KubeLite", "OVN", "OVSDB", "SCNetAPI", "Spawn", "TestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "KubeLiteTests",
            dependencies: [
                "KubeLite", "Kube", "SCNetAPI", "TestSupport", "HostileInput", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "KubeTests",
            dependencies: [
                "Kube",
                "TestSupport",
                "SCNetAPI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict),
        .testTarget(name: "ScnetCLITests", dependencies: ["SCNetAPI", "Spawn", "TestSupport"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
