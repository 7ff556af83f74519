// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Concord",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "DICOM", targets: ["DICOM"]),
        .executable(name: "concord", targets: ["concord"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(name: "DICOM", dependencies: ["CZlib"]),
        .executableTarget(
            name: "concord",
            dependencies: [
                "DICOM",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "concord-read-bench",
            dependencies: ["DICOM"],
            path: "Benchmarks/ReadHeaders/Swift"
        ),
        .testTarget(name: "DICOMTests", dependencies: ["DICOM"], exclude: ["Resources"]),
    ]
)
