// A small Disque worker service: takes jobs from a queue, works on each one
// while WORKING keeps it from being handed to another worker, acks it, and
// on SIGTERM or SIGINT stops fetching, finishes the job in hand, then exits.
//
//   swift run DisqueWorkerExample [port] [queue]
import DisqueNIO
import Logging
import ServiceLifecycle

struct EmailWorker: Service {
    let client: DisqueClient
    let queue: String
    let logger: Logger

    func run() async throws {
        for try await job in client.jobs(from: [queue], count: 10) {
            try await job.keepingAlive {
                logger.info("sending", metadata: ["job": "\(job.id)", "body": "\(job.bodyText)"])
                try await Task.sleep(for: .milliseconds(100))  // the real work would go here
            }
            try await job.ack()
        }
        logger.info("worker stopped")
    }
}

let arguments = CommandLine.arguments
let port = arguments.count > 1 ? Int(arguments[1]) ?? 7711 : 7711
let queue = arguments.count > 2 ? arguments[2] : "emails"
var logger = Logger(label: "disque-worker")
logger.logLevel = .info

let client = DisqueClient(nodes: [.tcp(host: "127.0.0.1", port: port)], logger: logger)
let worker = EmailWorker(client: client, queue: queue, logger: logger)
// Services shut down in reverse order: the worker first, while the client can still ack.
let group = ServiceGroup(
    services: [client, worker],
    gracefulShutdownSignals: [.sigterm, .sigint],
    logger: logger
)
try await group.run()
