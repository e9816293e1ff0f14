import DisqueTestSupport
import Foundation
import Testing

/// Runs the committed completion scripts in the real shells and reports what
/// a partial command line completes to. The scripts call `disque-cli` back,
/// so the folder of the built binary goes first on PATH.
enum CompletionHarness {
    /// The committed files, relative to the package root.
    static let bashScript = "completions/disque-cli.bash"
    static let zshScript = "completions/_disque-cli"
    static let fishScript = "completions/disque-cli.fish"

    static func path(_ relative: String) -> String { BuiltProduct.packageRoot + "/" + relative }

    /// The environment every shell runs in: a PATH that finds this build's
    /// disque-cli first, no password, no user configuration.
    static func environment() throws -> [String: String?] {
        let binary = try BuiltProduct.path("disque-cli")
        let folder = (binary as NSString).deletingLastPathComponent
        let home = NSTemporaryDirectory() + "disque-completion-home-\(getpid())"
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        return ["PATH": folder + ":/usr/local/bin:/usr/bin:/bin", "HOME": home, "LC_ALL": "C.UTF-8",
                "DISQUE_AUTH": nil, "XDG_CONFIG_HOME": home + "/.config", "ZDOTDIR": home]
    }

    /// What bash offers (COMPREPLY) for each of `lines`, the cursor at the end.
    static func bash(_ lines: [String]) throws -> [String: [String]] {
        try run("/bin/bash", ["--norc", "--noprofile", "-c", bashDriver, "harness", path(bashScript)] + lines)
    }

    /// What zsh's completion system adds for each of `lines`, typed into an
    /// interactive zsh (zpty) with the script installed on fpath and TAB pressed.
    static func zsh(_ lines: [String]) throws -> [String: [String]] {
        let driver = NSTemporaryDirectory() + "disque-zsh-driver-\(getpid())-\(UUID().uuidString.prefix(8)).zsh"
        try zshDriver.write(toFile: driver, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: driver) }
        let folder = (path(zshScript) as NSString).deletingLastPathComponent
        return try run("/usr/bin/zsh", ["-f", driver, folder] + lines)
    }

    /// What fish offers (`complete -C`) for each of `lines`; descriptions dropped.
    static func fish(_ lines: [String]) throws -> [String: [String]] {
        try run("/usr/bin/fish", ["--no-config", "-c", fishDriver, path(fishScript)] + lines)
    }

    /// Runs a driver that prints `== <line>` followed by one candidate a line.
    private static func run(_ shell: String, _ arguments: [String]) throws -> [String: [String]] {
        let result = try CLIProcess.run(arguments, executable: shell, environment: environment(),
                                        timeout: .seconds(60))
        #expect(result.status == 0, "\(shell) driver failed: \(result)")
        #expect(result.err.isEmpty, "\(shell) wrote to stderr: \(result.err)")
        var answers: [String: [String]] = [:]
        var current: String?
        for line in result.lines {
            if line.hasPrefix("== ") {
                current = String(line.dropFirst(3))
                answers[current!] = []
            } else if let key = current, !line.isEmpty {
                answers[key, default: []].append(line)
            }
        }
        return answers
    }

    /// Sets COMP_* as bash does for a line typed with the cursor at its end —
    /// words split at blanks, with the COMP_WORDBREAKS characters ":" and "="
    /// words of their own — and calls the completion function.
    static let bashDriver = #"""
        source "$1" || exit 1
        shift
        for line in "$@"; do
            COMP_WORDS=() word=""
            for ((i = 0; i < ${#line}; i++)); do
                c="${line:i:1}"
                case "$c" in
                    " ") [[ -n $word ]] && COMP_WORDS+=("$word"); word="" ;;
                    ":"|"=") [[ -n $word ]] && COMP_WORDS+=("$word"); COMP_WORDS+=("$c"); word="" ;;
                    *) word+="$c" ;;
                esac
            done
            [[ -n $word || $line == *" " ]] && COMP_WORDS+=("$word")
            COMP_LINE="$line" COMP_POINT=${#line} COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMPREPLY=()
            _disque_cli disque-cli "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '== %s\n' "$line"
            printf '%s\n' "${COMPREPLY[@]}"
        done
        """#

    /// Types each line into an interactive zsh and presses a key bound to a
    /// widget that runs completion; `compadd` is wrapped to record the matches
    /// the completion system accepts (those matching what was typed).
    static let zshDriver = #"""
        zmodload zsh/zpty || exit 1
        folder=$1; shift
        out=${TMPDIR:-/tmp}/disque-zsh-out-$$
        zpty -b z zsh -f -i
        zpty -w z "PS1=''; PROMPT=''; fpath=(${(q)folder} \$fpath); autoload -Uz compinit; compinit -u -D"
        zpty -w z 'compadd() { if (( ${@[(I)-[ODA]*]} )); then builtin compadd "$@"; return; fi; local -a __m; builtin compadd -O __m "$@"; print -rl -- $__m >> $__OUT; builtin compadd "$@"; }'
        zpty -w z '__cap() { : >| $__OUT; zle complete-word; print -r -- "--end--" >> $__OUT; zle kill-whole-line; }; zle -N __cap; bindkey "^T" __cap'
        zpty -w z "__OUT=${(q)out}"
        for line in "$@"; do
            rm -f $out
            zpty -w -n z "$line"$'\x14'
            for i in {1..500}; do [[ -f $out ]] && grep -q -- --end-- $out && break; sleep 0.02; done
            print -r -- "== $line"
            [[ -f $out ]] && grep -v -- --end-- $out
        done
        zpty -d z
        rm -f $out
        """#

    static let fishDriver = #"""
        source $argv[1]; or exit 1
        for line in $argv[2..-1]
            echo "== $line"
            complete -C "$line" | string replace -r '\t.*' ''
        end
        exit 0
        """#
}
