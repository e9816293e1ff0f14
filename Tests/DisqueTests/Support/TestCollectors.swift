import Disque

/// Echo events collected from the hook.
final class EventLog: @unchecked Sendable {
    private var events: [EchoEvent] = []
    func append(_ event: EchoEvent) { events.append(event) }
    var all: [EchoEvent] { events }
}

final class ConnectionBox: @unchecked Sendable {
    var connection: DisqueConnection?
}
