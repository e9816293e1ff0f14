#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Path completion for options that take a file (the Unix socket of `-s`),
/// done here so the three shells need no separate rule for it.
enum FileNameCompletion {
    /// Entries matching `typed` (a path prefix, `~/` allowed); directories end
    /// in "/". Hidden entries only when the typed name starts with a dot.
    static func candidates(_ typed: String) -> [String] {
        let directoryPart: String
        let namePrefix: String
        if let slash = typed.lastIndex(of: "/") {
            directoryPart = String(typed[...slash])
            namePrefix = String(typed[typed.index(after: slash)...])
        } else {
            directoryPart = ""
            namePrefix = typed
        }
        let directory = expandingHome(directoryPart.isEmpty ? "." : directoryPart)
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var found: [String] = []
        while let entry = readdir(handle), found.count < 1000 {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != ".", name != "..", name.hasPrefix(namePrefix) else { continue }
            if name.hasPrefix("."), !namePrefix.hasPrefix(".") { continue }
            var info = stat()
            let path = (directory.hasSuffix("/") ? directory : directory + "/") + name
            let isDirectory = stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            found.append(directoryPart + name + (isDirectory ? "/" : ""))
        }
        return found.sorted()
    }

    private static func expandingHome(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = getenv("HOME") else { return path }
        return String(cString: home) + path.dropFirst()
    }
}
