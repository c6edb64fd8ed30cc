/* Syscalls a session must not make, each tried once; prints "NAME RESULT"
 * per line, RESULT the raw return (a negative errno on failure). No libc:
 * built with -nostdlib -static so it runs in any image. */
#include <asm/unistd.h>

#define CLONE_NEWUSER 0x10000000L
#define SIGCHLD 17L

static long sys(long n, long a, long b, long c, long d, long e) {
#if defined(__x86_64__)
    long r;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    __asm__ volatile("syscall"
                     : "=a"(r)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
                     : "rcx", "r11", "memory");
    return r;
#elif defined(__aarch64__)
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4) : "memory");
    return x0;
#else
#error "x86_64 or aarch64 only"
#endif
}

static void report(const char *name, long r) {
    char buf[64];
    int i = 0, j;
    char digits[24];
    int n = 0;
    unsigned long v = r < 0 ? -r : r;
    while (name[i] && i < 40) { buf[i] = name[i]; i++; }
    buf[i++] = ' ';
    if (r < 0) buf[i++] = '-';
    do { digits[n++] = '0' + v % 10; v /= 10; } while (v);
    for (j = n - 1; j >= 0; j--) buf[i++] = digits[j];
    buf[i++] = '\n';
    sys(__NR_write, 1, (long)buf, i, 0, 0);
}

void _start(void) {
    long r;
    report("unshare_user", sys(__NR_unshare, CLONE_NEWUSER, 0, 0, 0, 0));
    /* A user namespace through clone: a child that got one exits at once. */
    r = sys(__NR_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
    if (r == 0) sys(__NR_exit_group, 0, 0, 0, 0, 0);
    report("clone_newuser", r);
    report("io_uring_setup", sys(__NR_io_uring_setup, 1, 0, 0, 0, 0));
    report("userfaultfd", sys(__NR_userfaultfd, 0, 0, 0, 0, 0));
    /* A plain fork still works (the child exits at once). */
    r = sys(__NR_clone, SIGCHLD, 0, 0, 0, 0);
    if (r == 0) sys(__NR_exit_group, 0, 0, 0, 0, 0);
    report("clone_plain", r > 0 ? 0 : r);
    sys(__NR_exit_group, 0, 0, 0, 0, 0);
}
