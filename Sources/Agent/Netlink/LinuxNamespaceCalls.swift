import Glibc

/// Namespace system calls that the Glibc module does not import (`setns` needs `_GNU_SOURCE`).
enum LinuxNamespaceCalls {
    /// `CLONE_NEWNET` from `<sched.h>`.
    static let cloneNewNet: CInt = 0x4000_0000
    /// `NS_GET_NSTYPE` from `<linux/nsfs.h>`: `_IO(0xb7, 0x3)`.
    static let nsGetNSType: UInt = 0xB703

    private typealias SetnsFunction = @convention(c) (CInt, CInt) -> CInt

    /// glibc's `setns`, resolved once; nil only on a libc without it.
    private static let setnsFunction: SetnsFunction? = {
        guard let symbol = dlsym(nil, "setns") else { return nil }
        return unsafeBitCast(symbol, to: SetnsFunction.self)
    }()

    /// Moves the *calling OS thread* into the namespace `fd` refers to. Returns 0 or -1 with errno set.
    static func setns(_ fd: CInt, _ type: CInt) -> CInt {
        guard let function = setnsFunction else {
            Glibc.errno = ENOSYS
            return -1
        }
        return function(fd, type)
    }

    /// The namespace type (`CLONE_NEW*`) of an nsfs file descriptor, or -1 with errno set.
    static func namespaceType(of fd: CInt) -> CInt {
        ioctl(fd, nsGetNSType)
    }
}
