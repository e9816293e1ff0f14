// The client's API speaks RESPValue (raw `send`, pipelines, the echo hook):
// importing Disque is enough to use it.
@_exported import RESP
