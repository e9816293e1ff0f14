import Glibc

// Swift's Glibc module does not import <sys/epoll.h>, and this package has no C
// target for MiniDisque, so the three calls are bound by symbol name. Their
// arguments are only Int32s and pointers, which the Swift and C calling
// conventions pass alike; being link-time symbols, they also work in the
// statically linked disque-cli (where dlsym would not).
@_silgen_name("epoll_create1")
private func epollCreate1(_ flags: Int32) -> Int32
@_silgen_name("epoll_ctl")
private func epollCtl(_ epfd: Int32, _ op: Int32, _ fd: Int32, _ event: UnsafeMutableRawPointer?) -> Int32
@_silgen_name("epoll_wait")
private func epollWait(_ epfd: Int32, _ events: UnsafeMutableRawPointer?, _ maxEvents: Int32,
                       _ timeout: Int32) -> Int32

/// Readiness of the loop's sockets through epoll: the cost of one wait grows
/// with the sockets that are ready, not with every connected client, so ten
/// thousand idle connections do not slow a PING down (poll(2) rescans them all).
/// Level-triggered, like poll: a socket with unread input is reported again.
final class EventPoller {
    struct Event {
        var fd: Int32
        var readable: Bool
        var writable: Bool
    }

    private static let epollIn: UInt32 = 0x001
    private static let epollOut: UInt32 = 0x004
    private static let epollErr: UInt32 = 0x008
    private static let epollHup: UInt32 = 0x010
    private static let add: Int32 = 1, delete: Int32 = 2, modify: Int32 = 3
    private static let closeOnExec: Int32 = 0o2000000
    // struct epoll_event is { uint32_t events; uint64_t data; }, packed on x86-64 only.
    #if arch(x86_64)
    private static let eventSize = 12, dataOffset = 4
    #else
    private static let eventSize = 16, dataOffset = 8
    #endif
    private static let capacity = 1024

    private let epollFD: Int32
    private let buffer: UnsafeMutableRawPointer

    init() throws(MiniDisqueError) {
        epollFD = epollCreate1(Self.closeOnExec)
        guard epollFD >= 0 else { throw MiniDisqueError("epoll_create1(): \(Listener.errorText())") }
        buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.capacity * Self.eventSize, alignment: 8)
    }

    deinit {
        buffer.deallocate()
        close(epollFD)
    }

    /// Starts watching `fd` for input (and for room to write when `writable`).
    @discardableResult
    func add(_ fd: Int32, writable: Bool = false) -> Bool {
        control(Self.add, fd, writable: writable)
    }

    func update(_ fd: Int32, writable: Bool) {
        _ = control(Self.modify, fd, writable: writable)
    }

    /// Stops watching `fd`; call before closing it.
    func remove(_ fd: Int32) {
        _ = epollCtl(epollFD, Self.delete, fd, nil)
    }

    /// Waits up to `timeout` ms (-1: until something happens); returns how many
    /// events `event(at:)` holds, or -1 with errno set.
    func wait(timeout: Int32) -> Int {
        Int(epollWait(epollFD, buffer, Int32(Self.capacity), timeout))
    }

    func event(at index: Int) -> Event {
        let base = buffer + index * Self.eventSize
        let flags = base.loadUnaligned(as: UInt32.self)
        let fd = Int32(truncatingIfNeeded: base.loadUnaligned(fromByteOffset: Self.dataOffset, as: UInt64.self))
        // Hang-up and error count as readable: the read then sees EOF or the error.
        return Event(fd: fd, readable: flags & (Self.epollIn | Self.epollHup | Self.epollErr) != 0,
                     writable: flags & Self.epollOut != 0)
    }

    private func control(_ op: Int32, _ fd: Int32, writable: Bool) -> Bool {
        withUnsafeTemporaryAllocation(byteCount: Self.eventSize, alignment: 8) { event -> Bool in
            event.storeBytes(of: Self.epollIn | (writable ? Self.epollOut : 0), toByteOffset: 0, as: UInt32.self)
            event.storeBytes(of: UInt64(UInt32(bitPattern: fd)), toByteOffset: Self.dataOffset, as: UInt64.self)
            return epollCtl(epollFD, op, fd, event.baseAddress) == 0
        }
    }
}
