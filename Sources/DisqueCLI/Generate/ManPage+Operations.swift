/// The manual's DAILY OPERATIONS section: the worker, the live view, bulk
/// actions, export/import and latency — each a flag, so none shadows a Disque
/// command. The flags themselves are listed under OPTIONS from their declarations.
extension ManPage {
    static func operations(_ page: inout Roff) {
        page.macro("SH", "DAILY OPERATIONS")
        page.item("**--work** __queue__[,__queue__...] [**-c** __N__] [**--**] __command__ [__argument__ ...]", """
            A worker: blocking **GETJOB** (**WITHCOUNTERS**, as many jobs as there are free slots; through \
            the cluster client when several nodes are named) and __command__ run once per job, **-c** at \
            a time, with the body on standard input and **DISQUE_JOB_ID**, **DISQUE_JOB_QUEUE**, \
            **DISQUE_JOB_NACKS** and **DISQUE_JOB_ADDITIONAL_DELIVERIES** in its environment. Exit status 0 \
            sends **ACKJOB**; anything else **NACK** (**--on-failure keep** leaves the job to its RETRY, \
            **--on-failure ack** acks it anyway). While a command runs past half the job's RETRY, \
            **WORKING** keeps the job from being delivered again; **--time-limit** kills the command's \
            process group and NACKs the job. **SIGINT** or **SIGTERM** stops fetching: jobs fetched but \
            not started are NACKed at once, running ones get **--grace** seconds, then are killed and \
            NACKed; a second signal kills at once. A job is acked only when its command exited as the \
            policy says, and never dropped. At exit a line on standard error counts the jobs done, \
            failed, nacked and re-delivered; the exit status is 0.
            """)
        page.item("**--top** [**-i** __seconds__] [**--sort** __column__] [**-r** __N__]", """
            Every queue of the node (or, with several nodes, of the cluster, summed by name): length, \
            blocked clients, jobs in and out per second from the change in **QSTAT**'s counters, age, \
            idle time and pause state. Redrawn in place on a terminal; otherwise one line of totals per \
            refresh with a header every 20 lines, like redis-cli --stat; **--json** writes one object \
            per refresh.
            """)
        page.item("**--jobs** __action__ [**--in** __queue__] [**--state** __state__ ...]", """
            Every job in the queue and states given, through every **JSCAN** page, on every node named \
            (and every node their **HELLO** lists): **list** prints the IDs, **count** the number, \
            **ack**, **delete**, **enqueue** and **dequeue** send that command a page at a time on the \
            node that holds the jobs, **export** writes one JSON object a line per job (queue, id, body \
            — a string, or {"base64": ...} when not UTF-8 — state, ttl left, retry, delay, replicate, \
            nacks, additional-deliveries). **--dry-run** only counts. On a terminal, **ack**, \
            **delete** and **dequeue** ask first, with the count (**--yes** does not ask).
            """)
        page.item("**--import**", """
            Reads exported lines on standard input and adds each job with its queue, body, TTL left, \
            RETRY, DELAY and REPLICATE; prints each new ID (**--json**: with the old one). Acked jobs \
            are skipped; a bad line is reported by number and the rest goes on. Both directions are \
            streamed: memory does not grow with the number of jobs.
            """)
        page.item("**--latency**, **--latency-history**", """
            PING every 10 ms and report __min: 0, max: 1, avg: 0.19 (1234 samples)__ (whole \
            milliseconds; the average to two places), redrawn in place on a terminal. Off a terminal \
            **--latency** samples for **-i** seconds (default 1) and prints one line; \
            **--latency-history** prints one line per **-i** seconds (default 15). **-r** __N__ stops \
            after N samples.
            """)
        page.item("**help** [__@group__ | __command__]", """
            As a one-shot command: answered from the command table, as in the shell; no node is needed.
            """)
    }
}
