// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Concord",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "DICOM", targets: ["DICOM"]),
        .library(name: "DICOMPixels", targets: ["DICOMPixels"]),
        .library(name: "Ontology", targets: ["Ontology"]),
        .library(name: "ClinicalText", targets: ["ClinicalText"]),
        .library(name: "Annotations", targets: ["Annotations"]),
        .library(name: "Audit", targets: ["Audit"]),
        .library(name: "Store", targets: ["Store"]),
        .executable(name: "concord", targets: ["concord"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CTurboJPEG", path: "Sources/CTurboJPEG", pkgConfig: "libturbojpeg",
                       providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "COpenJPEG", path: "Sources/COpenJPEG", pkgConfig: "libopenjp2",
                       providers: [.apt(["libopenjp2-7-dev"])]),
        .systemLibrary(name: "CCharLS", path: "Sources/CCharLS", pkgConfig: "charls",
                       providers: [.apt(["libcharls-dev"])]),
        // OpenJPH is C++; this target is our C shim over it (Debian's openjph.pc is empty, so
        // the library is named directly; apt: libopenjph-dev).
        .target(name: "COpenJPH", linkerSettings: [.linkedLibrary("openjph")]),
        .target(name: "DICOM", dependencies: ["CZlib"]),
        .target(name: "DICOMPixels", dependencies: ["DICOM", "CZlib", "CTurboJPEG", "COpenJPEG", "CCharLS", "COpenJPH"]),
        .target(name: "Ontology"),
        .target(name: "ClinicalText", dependencies: ["Ontology"]),
        .target(name: "Annotations", dependencies: ["DICOM", "Ontology", "CZlib"]),
        .target(name: "Audit", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "Store", dependencies: ["DICOM", "Annotations", "Ontology", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "concord",
            dependencies: [
                "DICOM",
                "DICOMPixels",
                "Ontology",
                "Annotations",
                "ClinicalText",
                "Store",
                "Audit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "concord-read-bench",
            dependencies: ["DICOM"],
            path: "Benchmarks/ReadHeaders/Swift"
        ),
        .executableTarget(name: "concord-decode-bench", dependencies: ["DICOM", "DICOMPixels", "CCharLS", "COpenJPEG", "COpenJPH"], path: "Benchmarks/DecodePixels/Swift"),
        .executableTarget(name: "concord-annotation-bench", dependencies: ["Store", "Annotations", "Ontology"], path: "Benchmarks/Ingest/Swift"),
        .executableTarget(name: "concord-rle-bench", dependencies: ["Annotations"], path: "Benchmarks/MaskRLE/Swift"),
        .testTarget(name: "DICOMTests", dependencies: ["DICOM"], exclude: ["Resources"]),
        .testTarget(name: "DICOMPixelsTests", dependencies: ["DICOMPixels", "CZlib"], exclude: ["Resources"]),
        .testTarget(name: "OntologyTests", dependencies: ["Ontology"]),
        .testTarget(name: "ClinicalTextTests", dependencies: ["ClinicalText", "Ontology"]),
        .testTarget(name: "AnnotationsTests", dependencies: ["Annotations", "DICOM", "Ontology"], exclude: ["Resources"]),
        .testTarget(name: "AuditTests", dependencies: ["Audit", .product(name: "GRDB", package: "GRDB.swift")]),
        .executableTarget(name: "concord-audit-crash-writer", dependencies: ["Audit"], path: "Tests/AuditCrashWriter"),
        .executableTarget(name: "concord-audit-bench", dependencies: ["Audit", .product(name: "GRDB", package: "GRDB.swift")], path: "Benchmarks/Audit/Swift"),
        .testTarget(name: "StoreTests", dependencies: ["Store", "DICOM", "Annotations", "Ontology", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)
