/*
 * Tries to leave the sandbox, one attempt per message (the message names it), and posts
 * "<name>: ok" when the attempt worked or "<name>: errno <n>" when the kernel refused it.
 * Attempts the sandbox answers with death (e.g. ptrace) never post at all.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include "test_support.h"

PJ_DECLARE_MODULE();

/* Reports rc < 0 as the errno, anything else as success. */
static void report(const char *name, long rc) {
  if (rc < 0) {
    post_text("%s: errno %d", name, errno);
  } else {
    post_text("%s: ok", name);
  }
}

static void *thread_body(void *arg) { return arg; }

static void *open_passwd_body(void *arg) {
  long *rc = arg;
  *rc = open("/etc/passwd", O_RDONLY);
  if (*rc < 0) *rc = -errno;
  return NULL;
}

/* Posts facts about the confinement instead of an attempt's result. */
static int report_facts(const char *name) {
  if (strcmp(name, "applied") == 0) {
    const char *applied = getenv("PJ_SANDBOX_APPLIED");
    post_text("applied: %s", applied ? applied : "(none)");
    return 1;
  }
  if (strcmp(name, "limits") == 0) {
    struct rlimit nofile, fsize, core, as;
    getrlimit(RLIMIT_NOFILE, &nofile);
    getrlimit(RLIMIT_FSIZE, &fsize);
    getrlimit(RLIMIT_CORE, &core);
    getrlimit(RLIMIT_AS, &as);
    post_text("limits: nofile=%llu fsize=%llu core=%llu as_limited=%d", (unsigned long long)nofile.rlim_max,
              (unsigned long long)fsize.rlim_max, (unsigned long long)core.rlim_max,
              as.rlim_max != RLIM_INFINITY);
    return 1;
  }
  if (strcmp(name, "status") == 0) {
    char buf[4096], out[200] = "";
    int fd = open("/proc/self/status", O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
    if (fd >= 0) close(fd);
    if (n <= 0) {
      post_text("status: errno %d", errno);
      return 1;
    }
    buf[n] = 0;
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
      if (strncmp(line, "NoNewPrivs:", 11) == 0 || strncmp(line, "Seccomp:", 8) == 0) {
        char *v = line + strcspn(line, "\t ");
        v += strspn(v, "\t ");
        strncat(out, line, (size_t)(strcspn(line, ":")));
        strcat(out, "=");
        strncat(out, v, 8);
        strcat(out, " ");
      }
    }
    post_text("status: %s", out);
    return 1;
  }
  return 0;
}

static long attempt(const char *name) {
  if (strcmp(name, "open_passwd") == 0) return open("/etc/passwd", O_RDONLY);
  if (strcmp(name, "write_outside") == 0) {
    char path[64];
    snprintf(path, sizeof path, "/tmp/pj-escape-%d", (int)getpid());
    return open(path, O_CREAT | O_WRONLY, 0600);
  }
  if (strcmp(name, "write_inside") == 0) {
    int fd = open("inside.txt", O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (fd >= 0 && write(fd, "ok", 2) != 2) return -1;
    return fd;
  }
  if (strcmp(name, "thread") == 0) {
    pthread_t t;
    int rc = pthread_create(&t, NULL, thread_body, NULL);
    if (rc != 0) {
      errno = rc;
      return -1;
    }
    return pthread_join(t, NULL);
  }
  if (strcmp(name, "open_passwd_from_thread") == 0) {
    /* Landlock must bind every thread, including ones the module starts. */
    pthread_t t;
    long rc = 0;
    if (pthread_create(&t, NULL, open_passwd_body, &rc) != 0) return -1;
    pthread_join(t, NULL);
    if (rc < 0) {
      errno = (int)-rc;
      return -1;
    }
    return rc;
  }
  if (strcmp(name, "socket") == 0) return socket(AF_INET, SOCK_STREAM, 0);
  if (strcmp(name, "socket_unix") == 0) return socket(AF_UNIX, SOCK_STREAM, 0);
  if (strcmp(name, "connect") == 0) {
    /* Straight to the system call on a dummy fd: if connect were allowed this would be EBADF. */
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(80)};
    return syscall(SYS_connect, 3, &a, sizeof a);
  }
  if (strcmp(name, "fork") == 0) {
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    if (pid > 0) waitpid(pid, NULL, 0);
    return pid;
  }
  if (strcmp(name, "vfork") == 0) return syscall(SYS_vfork);
  if (strcmp(name, "execve") == 0) {
    char *argv[] = {"/bin/sh", "-c", "true", NULL};
    return execve("/bin/sh", argv, NULL);
  }
  if (strcmp(name, "ptrace") == 0) return ptrace(PTRACE_ATTACH, getppid(), NULL, NULL);
  if (strcmp(name, "kill_other") == 0) return kill(getppid(), 0);
  if (strcmp(name, "io_uring_setup") == 0) {
    char params[120] = {0};
    return syscall(SYS_io_uring_setup, 8, params);
  }
  if (strcmp(name, "bpf") == 0) {
    char attr[128] = {0};
    return syscall(SYS_bpf, 0 /* BPF_MAP_CREATE */, attr, sizeof attr);
  }
  if (strcmp(name, "unshare") == 0) return unshare(CLONE_NEWNS);
  if (strcmp(name, "setns") == 0) return setns(0, 0);
  if (strcmp(name, "mount") == 0) return mount("none", ".", "tmpfs", 0, NULL);
  if (strcmp(name, "userfaultfd") == 0) return syscall(SYS_userfaultfd, O_CLOEXEC);
  if (strcmp(name, "perf_event_open") == 0) {
    struct perf_event_attr pe = {.type = PERF_TYPE_SOFTWARE, .size = sizeof pe,
                                 .config = PERF_COUNT_SW_CPU_CLOCK};
    return syscall(SYS_perf_event_open, &pe, 0, -1, -1, 0);
  }
  if (strcmp(name, "proc_self_mem") == 0) return open("/proc/self/mem", O_RDWR);
  if (strcmp(name, "proc_root_passwd") == 0) return open("/proc/self/root/etc/passwd", O_RDONLY);
  if (strcmp(name, "symlink_out") == 0) {
    /* Creating the link is refused; were it created, opening it would still resolve outside. */
    if (symlink("/etc/passwd", "link-to-passwd") != 0) return -1;
    return open("link-to-passwd", O_RDONLY);
  }
  if (strcmp(name, "hardlink_in") == 0) return link("/etc/passwd", "passwd-here");
  if (strcmp(name, "raise_rlimit") == 0) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return -1;
    rl.rlim_cur = rl.rlim_max = rl.rlim_max + 1024;
    return setrlimit(RLIMIT_NOFILE, &rl);
  }
  if (strcmp(name, "memfd_exec") == 0) {
    int fd = (int)syscall(SYS_memfd_create, "payload", 0);
    if (fd < 0) return -1;
    char *argv[] = {"payload", NULL};
    return syscall(SYS_execveat, fd, "", argv, NULL, AT_EMPTY_PATH);
  }
  if (strcmp(name, "clone3") == 0) {
    char args[88] = {0};
    return syscall(SYS_clone3, args, sizeof args);
  }
  if (strcmp(name, "chroot") == 0) return chroot(".");
  if (strcmp(name, "keyctl") == 0) return syscall(SYS_keyctl, 0, 0, 0, 0, 0);
  errno = EINVAL;
  return -1;
}

int32_t PJ_Module_Initialize(PJ_Instance instance, PJ_GetInterface get_interface) {
  return test_support_init(get_interface);
}

void PJ_Module_HandleMessage(PJ_Instance instance, const uint8_t *message, size_t length) {
  char name[64];
  if (read_text(message, length, name, sizeof name) < 0) {
    post_text("bad request");
    return;
  }
  if (report_facts(name)) return;
  errno = 0;
  report(name, attempt(name));
}
