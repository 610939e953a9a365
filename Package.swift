// swift-tools-version:6.1
import PackageDescription

/// Every target builds in Swift 6 language mode with strict concurrency.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "prefeed",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "prefeed", targets: ["prefeed"]),
        .library(name: "PrefeedRedis", targets: ["PrefeedRedis"]),
        .library(name: "FeedCore", targets: ["FeedCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Build tool: a module's Scripts/*.lua as string constants (`LuaScripts`), run by EmbedLuaPlugin.
        .executableTarget(
            name: "EmbedLua",
            swiftSettings: swiftSettings
        ),
        .plugin(
            name: "EmbedLuaPlugin",
            capability: .buildTool(),
            dependencies: ["EmbedLua"]
        ),
        // The C library, reached only through PrefeedRedis.
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        // Safe Swift client for Redis over hiredis: connections, pipelines, scripts, pool.
        .target(
            name: "PrefeedRedis",
            dependencies: [
                "CHiredis",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Pure feed logic: domain, features, value model, reranker, cursor. No I/O.
        .target(
            name: "FeedCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // A synthetic social world (users, follows, posts, actions, logins) and its file formats. No Redis.
        .target(
            name: "FeedWorld",
            dependencies: [],
            swiftSettings: swiftSettings
        ),
        // Every Redis key name and every read/write of feed data: source data, loader, snapshots, feature logs.
        .target(
            name: "FeedStore",
            dependencies: [
                "PrefeedRedis",
                "FeedCore",
                "FeedWorld",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            exclude: ["Scripts"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedLuaPlugin"]
        ),
        // Regeneration jobs: priority streams, consumer group, pending markers, reclaim, dead letters,
        // and the worker and scheduler that run on them.
        .target(
            name: "FeedWorker",
            dependencies: [
                "PrefeedRedis",
                "FeedCore",
                "FeedStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Scripts"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedLuaPlugin"]
        ),
        // The read path: Hummingbird app serving pages, actions, sessions and ingest; auth; metrics.
        .target(
            name: "FeedServer",
            dependencies: [
                "PrefeedRedis",
                "FeedCore",
                "FeedStore",
                "FeedWorker",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Learning loop logic: impression–action join, training rows, LR trainer, metrics. Pure.
        .target(
            name: "FeedLearning",
            dependencies: ["FeedCore"],
            swiftSettings: swiftSettings
        ),
        // `prefeed join` over Redis: reads the impression and action streams through a consumer group,
        // joins them with FeedLearning's Joiner and commits rows + checkpoint + positions exactly once.
        .target(
            name: "FeedJoin",
            dependencies: [
                "PrefeedRedis",
                "FeedCore",
                "FeedStore",
                "FeedLearning",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Login prediction and warm-up policies: login model, policy replay and evaluation. Pure.
        .target(
            name: "Warmup",
            dependencies: ["FeedCore", "FeedWorld", "FeedLearning"],
            swiftSettings: swiftSettings
        ),
        // `prefeed warmup run`: scores active users' login histories in Redis and queues warm-up jobs
        // within an hourly budget. The scoring itself stays in the pure Warmup module.
        .target(
            name: "FeedWarmup",
            dependencies: [
                "PrefeedRedis",
                "FeedCore",
                "FeedWorld",
                "FeedStore",
                "FeedWorker",
                "Warmup",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Scripts"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedLuaPlugin"]
        ),
        // Starts and stops a private redis-server for tests, the demo and benchmarks.
        .target(
            name: "PrefeedTestSupport",
            dependencies: ["PrefeedRedis", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // Benchmarks behind `prefeed bench …`.
        .target(
            name: "PrefeedBench",
            dependencies: [
                "PrefeedRedis",
                "FeedCore",
                "FeedStore",
                "FeedWorker",
                "PrefeedTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // `prefeed demo`: the whole pipeline end to end on a local Redis.
        .target(
            name: "PrefeedDemo",
            dependencies: [
                "FeedServer",
                "PrefeedRedis",
                "FeedCore",
                "FeedWorld",
                "FeedStore",
                "FeedWorker",
                "FeedWarmup",
                "Warmup",
                "PrefeedTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Scripts"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedLuaPlugin"]
        ),
        // `prefeed simulate loop`: the learning loop closed on a generated world (read path, join, train, publish).
        .target(
            name: "LearningLoop",
            dependencies: [
                "FeedServer",
                "PrefeedRedis",
                "FeedCore",
                "FeedWorld",
                "FeedStore",
                "FeedWorker",
                "FeedLearning",
                "FeedJoin",
                "PrefeedTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The one executable: subcommands only.
        .executableTarget(
            name: "prefeed",
            dependencies: [
                "PrefeedRedis",
                "PrefeedBench",
                "PrefeedTestSupport",
                "FeedCore",
                "FeedWorld",
                "FeedStore",
                "FeedWorker",
                "PrefeedDemo",
                "LearningLoop",
                "FeedServer",
                "FeedLearning",
                "FeedJoin",
                "Warmup",
                "FeedWarmup",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PrefeedRedisTests",
            dependencies: ["PrefeedRedis", "PrefeedTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedCoreTests",
            dependencies: ["FeedCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedStoreTests",
            dependencies: ["FeedStore", "PrefeedTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedWorkerTests",
            dependencies: ["FeedWorker", "FeedStore", "PrefeedTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedServerTests",
            dependencies: [
                "FeedServer", "FeedStore", "FeedWorker", "PrefeedTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedLearningTests",
            dependencies: ["FeedLearning"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LearningLoopTests",
            dependencies: ["LearningLoop", "FeedLearning", "FeedStore", "FeedCore", "FeedWorld", "PrefeedTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedJoinTests",
            dependencies: ["FeedJoin", "FeedLearning", "FeedStore", "FeedCore", "PrefeedRedis", "PrefeedTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WarmupTests",
            dependencies: ["Warmup"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedWarmupTests",
            dependencies: [
                "FeedWarmup", "Warmup", "FeedWorker", "FeedStore", "FeedWorld", "PrefeedTestSupport",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // The layout itself: ARCHITECTURE.md against the tree and the imports, every Lua file against Redis.
        .testTarget(
            name: "ArchitectureTests",
            dependencies: [
                "PrefeedRedis", "FeedStore", "FeedWorker", "FeedWarmup", "PrefeedDemo", "PrefeedTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedWorldTests",
            dependencies: ["FeedWorld"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
