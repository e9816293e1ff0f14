// swift-tools-version: 6.0
// disque-cli: a Disque client for Swift — RESP core, client library, CLI and an in-process node.
// Module arrows point one way: RESP ← Disque ← DisqueCLI ← disque-cli, and RESP ← MiniDisque;
// only the disque-cli executable also takes MiniDisque, to hand DisqueCLI its `--embedded` node.
// Built and tested on Linux only (the sockets use Glibc): no Apple platform is claimed.
// The async client sits beside the CLI, never under it: Disque ← DisqueNIO ← DisqueWorkerExample, disque-bench.
import PackageDescription

let package = Package(
    name: "disque-cli",
    products: [
        .library(name: "RESP", targets: ["RESP"]),
        .library(name: "Disque", targets: ["Disque"]),
        .library(name: "MiniDisque", targets: ["MiniDisque"]),
        .executable(name: "disque-cli", targets: ["disque-cli"]),
        .executable(name: "minidisque", targets: ["minidisque"]),
        // The async, pooled client (SwiftNIO). The CLI does not link it.
        .library(name: "DisqueNIO", targets: ["DisqueNIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Pure protocol core: values, encoder, incremental decoder. No Foundation, no I/O.
        .target(name: "RESP"),
        // Client library: connections, the command table, the typed API.
        .target(name: "Disque", dependencies: ["RESP"]),
        // libedit, found through pkg-config (Debian: libedit-dev).
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // A small C shim for what Swift cannot call directly (libedit's variadic el_set).
        .target(name: "CLineEditShim", dependencies: ["CLibEdit"]),
        // Everything the command-line tool does; the executable is a thin main.
        .target(
            name: "DisqueCLI",
            dependencies: [
                "Disque", "CLineEditShim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Release builds link fully statically: a one-shot `disque-cli PING` then
        // starts in about a millisecond instead of the several a dynamically
        // linked Swift runtime costs. libedit's static archive needs its own
        // dependencies named (pkg-config --static --libs libedit).
        .executableTarget(
            name: "disque-cli",
            dependencies: ["DisqueCLI", "Disque", "MiniDisque"],
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-static-executable",
                        "-Xlinker", "-ltinfo", "-Xlinker", "-lbsd", "-Xlinker", "-lmd",
                        // swift-argument-parser imports FoundationEssentials, whose
                        // static archive does not name its own helper archives.
                        "-Xlinker", "-l_FoundationCollections", "-Xlinker", "-l_FoundationCShims",
                    ],
                    .when(platforms: [.linux], configuration: .release)
                ),
            ]
        ),
        // A Disque-compatible node: the tests' server and `disque-cli --embedded`.
        .target(name: "MiniDisque", dependencies: ["RESP"]),
        .executableTarget(
            name: "minidisque",
            dependencies: [
                "MiniDisque", "RESP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // The async client: NIO channels and pools around the same RESP decoder,
        // command table, reply models and cluster policy as the sync client.
        .target(
            name: "DisqueNIO",
            dependencies: [
                "RESP", "Disque",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A small worker service on DisqueNIO and ServiceLifecycle; built by `swift build`.
        .executableTarget(
            name: "DisqueWorkerExample",
            dependencies: [
                "DisqueNIO",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/Worker"
        ),
        // bench/library.sh's load generator for the library (sync and async clients).
        .executableTarget(name: "disque-bench", dependencies: [
            "Disque", "DisqueNIO", .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], path: "bench/Library"),
        // bench/cluster.sh's driver: failover, locality and LEAVING with DisqueCluster. Not linked into disque-cli.
        .executableTarget(name: "disque-cluster-bench", dependencies: ["Disque"], path: "bench/Cluster"),

        // What every test target shares: one TestNode (in-process MiniDisque, or the
        // real disque-server named by DISQUE_SERVER), the real-server cluster
        // fixture, a raw RESP client, the child-process runner and polling helpers.
        .target(
            name: "DisqueTestSupport",
            dependencies: ["RESP", "Disque", "MiniDisque"],
            path: "Tests/DisqueTestSupport"
        ),
        .testTarget(name: "RESPTests", dependencies: ["RESP"]),
        // Tests/Fixtures holds data shared by the suites (the conformance transcripts).
        .testTarget(name: "MiniDisqueTests", dependencies: ["MiniDisque", "RESP", "DisqueTestSupport"]),
        .testTarget(name: "DisqueTests", dependencies: ["Disque", "MiniDisque", "DisqueTestSupport"]),
        .testTarget(
            name: "DisqueCLITests",
            dependencies: ["DisqueCLI", "Disque", "MiniDisque", "DisqueTestSupport"]
        ),
        .testTarget(
            name: "DisqueNIOTests",
            dependencies: [
                "DisqueNIO", "Disque", "DisqueTestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
