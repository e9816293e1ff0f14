import Foundation

/// Finds executables built by SwiftPM next to the test bundle.
///
/// `swift build` / `swift test` put every product of the package into one
/// folder (`<scratch>/debug` or `<scratch>/release`), and the test bundle runs
/// from that same folder, so the first place to look is the directory of
/// `/proc/self/exe`. `DISQUE_CLI_BIN` (for disque-cli) or
/// `<PRODUCT>_BIN` overrides it; as a last resort the package's `.build*`
/// folders are searched and the newest binary wins.
public enum BuiltProduct {
    public struct Missing: Error, CustomStringConvertible {
        var product: String
        var searched: [String]
        public var description: String {
            "built product '\(product)' not found; run `swift build` first (searched: "
                + searched.joined(separator: ", ") + ")"
        }
    }

    /// Absolute path of the built executable `product` (e.g. "disque-cli").
    public static func path(_ product: String) throws -> String {
        let fm = FileManager.default
        var searched: [String] = []
        let envName = product.uppercased().replacingOccurrences(of: "-", with: "_") + "_BIN"
        if let override = ProcessInfo.processInfo.environment[envName], !override.isEmpty {
            if fm.isExecutableFile(atPath: override) { return override }
            searched.append(override)
        }
        // 1. Next to the running test executable (and one level up, for the
        //    xctest bundle layout on Darwin).
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var dir = (exe as NSString).deletingLastPathComponent
            for _ in 0..<4 {
                let candidate = dir + "/" + product
                if fm.isExecutableFile(atPath: candidate) { return candidate }
                searched.append(candidate)
                dir = (dir as NSString).deletingLastPathComponent
            }
        }
        // 2. The package's own build folders, newest first.
        let root = packageRoot
        let builds = ((try? fm.contentsOfDirectory(atPath: root)) ?? []).filter { $0.hasPrefix(".build") }
        var found: [(String, Date)] = []
        for build in builds {
            for config in ["debug", "release"] {
                let candidate = "\(root)/\(build)/\(config)/\(product)"
                searched.append(candidate)
                if fm.isExecutableFile(atPath: candidate),
                   let date = (try? fm.attributesOfItem(atPath: candidate))?[.modificationDate] as? Date {
                    found.append((candidate, date))
                }
            }
        }
        if let newest = found.max(by: { $0.1 < $1.1 }) { return newest.0 }
        throw Missing(product: product, searched: searched)
    }

    /// The package root: two folders above this file (Tests/DisqueTestSupport).
    public static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }

    /// A folder inside the package's test fixtures (`Tests/Fixtures/<name>`).
    public static func fixture(_ name: String) -> String {
        packageRoot + "/Tests/Fixtures/" + name
    }
}
