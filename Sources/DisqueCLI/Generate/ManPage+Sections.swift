/// The hand-written parts of the manual page: how the shell is used, the
/// environment, files, exit codes and examples.
extension ManPage {
    static func interactiveUse(_ page: inout Roff) {
        page.macro("SH", "INTERACTIVE USE")
        page.prose("""
            The prompt shows the node, as in __127.0.0.1:7711>__, or __not connected>__ when \
            the link is down; the next command then reconnects and is sent once. \
            Words are separated by blanks; "double quotes" understand \
            **\\n \\r \\t \\b \\a \\" \\\\** and **\\x**__HH__, 'single quotes' take \
            everything literally but **\\'**. An unbalanced quote sends nothing.
            """)
        page.macro("SS", "Keys")
        page.prose("Line editing is libedit's, in emacs style; __~/.editrc__ may rebind keys.")
        page.item("**Tab**", """
            Completes command and subcommand names, the option keywords that fit where the \
            cursor is (not those already given), fixed values such as job states, queue \
            names from the server where a queue is expected, and job IDs seen in recent \
            replies where a job ID is expected. The case follows what was typed.
            """)
        page.item("**Ctrl-R**", "Searches the history backwards.")
        page.item("**Ctrl-C**", """
            Clears the line being edited. While a command blocks (**GETJOB**, **MONITOR**), \
            abandons it: the connection is dropped and reopened and the prompt returns.
            """)
        page.item("**Ctrl-D**", "On an empty line, leaves the shell.")
        page.macro("SS", "Hints")
        page.prose("""
            Once a command name and a blank are typed, the rest of its syntax is shown \
            dimmed after the cursor, and shrinks as arguments are typed.
            """)
        page.macro("SS", "Shell commands")
        page.item("**help**", "The command groups and how to use the shell.")
        page.item("**help @**__group__", "The commands of a group: **jobs**, **queues**, **server**, **cluster** or **connection**.")
        page.item("**help** __command__", "A command's syntax, summary and group. Works without a connection.")
        page.item("**connect** __host__ __port__", """
            Connects to another node (also **connect** __host__**:**__port__; **Tab** offers the \
            nodes HELLO lists); **connect** __path__ uses a Unix socket. In a cluster shell the \
            cluster client starts over from that node.
            """)
        page.item("**nodes**", """
            The cluster's nodes, as **--nodes** shows them; an asterisk marks the node the shell is on.
            """)
        page.item("**queue** __name__", "One queue's **QLEN** and **QSTAT** on every node, and the totals, as **--queue**.")
        page.item("__N__ __command__", "Sends the command __N__ times; __N__ must be 1 or more.")
        page.item("**clear**", "Clears the screen.")
        page.item("**quit**, **exit**", "Leaves the shell.")
        page.macro("SS", "History")
        page.prose("""
            Each command entered is appended to the history file at once (see **FILES**), \
            which is created with mode 0600. Lines starting with **AUTH** are never written to it.
            """)
    }

    static func completion(_ page: inout Roff) {
        page.macro("SH", "SHELL COMPLETION")
        page.prose("""
            **disque-cli --generate-completion** **bash**|**zsh**|**fish** prints a completion \
            script for that shell. It completes the options and, after them, command names, \
            subcommands, option keywords and fixed values from the same table as this page, and \
            queue names by asking the node given by **-h**, **-p** or **-s** on the line being \
            completed (briefly, and silently when no node answers). The scripts call **disque-cli** \
            back, so it must be on the **PATH**.
            """)
        page.rawMacro("PP", "")
        page.prose("Install them, for example, system-wide or per user as:")
        let places = [
            ("bash", "/usr/share/bash-completion/completions/disque-cli",
             "__~/.local/share/bash-completion/completions/disque-cli__"),
            ("zsh", "/usr/share/zsh/vendor-completions/_disque-cli",
             "__~/.zfunc/_disque-cli__ (with __~/.zfunc__ on **$fpath**)"),
            ("fish", "/usr/share/fish/vendor_completions.d/disque-cli.fish",
             "__~/.config/fish/completions/disque-cli.fish__"),
        ]
        for (shell, system, user) in places {
            page.rawMacro("TP", "")
            page.raw(Roff.bold(shell))
            page.raw(Roff.italic(system))
            page.rawMacro("br", "")
            page.prose(user)
        }
    }

    static func environment(_ page: inout Roff) {
        page.macro("SH", "ENVIRONMENT")
        page.item("**DISQUE_AUTH**", """
            Password sent with **AUTH** on every connection when **-a** is not given. \
            Safer than **-a**, whose value other users can read in the process list.
            """)
        page.item("**DISQUE_NODES**", """
            The nodes to use when neither **-h** nor **-u** is given, written as **-h** takes \
            them: __host__**:**__port__**,**__host__**:**__port__.
            """)
        page.item("**DISQUECLI_HISTFILE**", """
            The shell's history file instead of __~/.disquecli_history__; \
            __/dev/null__ or an empty value keeps no history.
            """)
        page.item("**NO_COLOR**", "When set, no output is coloured.")
        page.item("**TERM**", """
            With **dumb**, no colour. The interactive shell's line editing uses the terminal it names.
            """)
    }

    static func cluster(_ page: inout Roff) {
        page.macro("SH", "CLUSTER")
        page.prose("""
            One node (**-h** __host__, **-h** __host__**:**__port__, **-p**) behaves as it always did. \
            With more than one (**-h a:7711,b:7712**, **-h** repeated, **-u** \
            **disque://**[**:**__password__**@**]__host__**:**__port__[**,**__host__**:**__port__...], \
            or **DISQUE_NODES**), one-shot commands and the shell use the cluster client: it \
            starts on a seed that answers **HELLO**, sends **ADDJOB** and **GETJOB** to a node fit \
            for work, and a command naming jobs to the node that holds them. When a node dies, \
            answers **LEAVING**, or refuses a job with **NOREPL** before creating it, the command \
            goes to another node — but a command that may already have run is reported, never \
            sent twice. Each move is a line on standard error, such as \
            __127.0.0.1:7711 is leaving; now on 127.0.0.1:7712__, and the shell's prompt names \
            the node it is on. Commands on standard input and **--pipe** stay on the first node \
            that answers, say which on standard error, and report that node's failure.
            """)
        page.rawMacro("PP", "")
        page.prose("""
            **--nodes** lists the nodes with their state — **ok**, **no link**, **suspected**, \
            **failed**, **leaving** (HELLO's priorities 1, 5, 10 and 100; 100 is **leaving** when \
            the node still answers) — and **INFO**'s jobs, queues, clients and memory. \
            **--queue** __name__ gives that queue's **QLEN** and **QSTAT** on every node, summed. \
            Both also as **--json**.
            """)
    }

    static func files(_ page: inout Roff) {
        page.macro("SH", "FILES")
        page.item("__~/.disquecli_history__", "The interactive shell's history, mode 0600.")
        page.item("__~/.editrc__", "libedit key bindings, read by the interactive shell.")
    }

    static func exitStatus(_ page: inout Roff) {
        page.macro("SH", "EXIT STATUS")
        let meanings: [(ExitStatus, String)] = [
            (.success, "Success."),
            (.serverError, """
                The server answered an error reply; with commands on standard input, \
                at least one line failed.
                """),
            (.usage, "A usage error: bad options, or a command whose arguments fail validation."),
            (.connection, "A connection failure: refused, lost, timed out, or authentication failed."),
        ]
        for (status, meaning) in meanings {
            page.item("**\(status.rawValue)**", meaning)
        }
    }

    static func examples(_ page: inout Roff) {
        page.macro("SH", "EXAMPLES")
        let examples: [(String, String)] = [
            ("Add a job to queue __emails__ on the default node, with a 5 second replication timeout:",
             "disque-cli ADDJOB emails \"hello world\" 5000"),
            ("Take one job, waiting at most a second, as JSON:",
             "disque-cli --json -p 7711 GETJOB TIMEOUT 1000 FROM emails"),
            ("Acknowledge it:",
             "disque-cli ACKJOB D-dcb833cf-8YL1NT17e9+wsA/09NqxscQI-05a1"),
            ("Use a job body stored in a file, byte for byte:",
             "disque-cli -x ADDJOB images 0 < picture.png"),
            ("Run many commands from a file, pipelined:",
             "disque-cli -h 10.0.0.5 < commands.txt"),
            ("Watch a queue's length every second:",
             "disque-cli -r -1 -i 1 QLEN emails"),
            ("Install the bash completion for the current user:",
             "disque-cli --generate-completion bash \\\n    > ~/.local/share/bash-completion/completions/disque-cli"),
        ]
        for (index, example) in examples.enumerated() {
            page.rawMacro(index == 0 ? "PP" : "PP", "")
            page.prose(example.0)
            page.rawMacro("PP", "")
            page.rawMacro("RS", "4")
            page.rawMacro("nf", "")
            page.text(example.1)
            page.rawMacro("fi", "")
            page.rawMacro("RE", "")
        }
    }

    static func seeAlso(_ page: inout Roff) {
        page.macro("SH", "SEE ALSO")
        page.raw(Roff.bold("redis-cli") + "(1), " + Roff.bold("editrc") + "(5)")
        page.rawMacro("PP", "")
        page.prose("Disque's README, which describes each command: __https://github.com/antirez/disque__")
    }
}
