/*
 * pj-launch: starts the sandbox JVM already inside Landlock and fresh namespaces.
 *
 * Landlock only binds the calling thread and its future children, and a running JVM has a dozen
 * threads; restricting this single-threaded launcher and then exec'ing the JVM puts every JVM
 * thread inside the domain without a second JVM start.
 *
 *   pj-launch --shm FILE --cwd DIR [--ro PATH]... [--rx PATH]... [--rw PATH]... -- PROGRAM ARGS...
 *
 * --shm   the shared channel file; opened here and inherited by the JVM as fd 3
 * --cwd   the module's data directory (readable and writable)
 * --ro    readable files or trees; --rx also executable; --rw readable and writable
 *
 * What was applied goes to the JVM in PJ_SANDBOX_APPLIED (e.g. "landlock=7 userns netns ipcns"),
 * errors to stderr with exit status 120-125.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Newer than Debian 12's headers: defined here with the kernel's values. */
#define ACCESS_FS_TRUNCATE (1ULL << 14)   /* ABI 3 */
#define ACCESS_FS_IOCTL_DEV (1ULL << 15)  /* ABI 5 */
#define ACCESS_NET_BIND_TCP (1ULL << 0)   /* ABI 4 */
#define ACCESS_NET_CONNECT_TCP (1ULL << 1)
#define SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0) /* ABI 6 */
#define SCOPE_SIGNAL (1ULL << 1)

struct ruleset_attr_v6 {
  uint64_t handled_access_fs;
  uint64_t handled_access_net;
  uint64_t scoped;
};

#define FS_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define FS_WRITE                                                                             \
  (LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR |                           \
   LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG)

#define MAX_RULES 256

static void die(int status, const char *what) {
  fprintf(stderr, "pj-launch: %s: %s\n", what, strerror(errno));
  exit(status);
}

static uint64_t file_mask(uint64_t wanted, int abi) {
  uint64_t m = wanted;
  if (abi < 3) m &= ~ACCESS_FS_TRUNCATE;
  return m;
}

static int add_rule(int ruleset, const char *path, uint64_t access) {
  int fd = open(path, O_PATH | O_CLOEXEC);
  if (fd < 0) return -1;
  /* Directory-only rights on a file are rejected with EINVAL: keep the file-only ones. */
  struct landlock_path_beneath_attr attr = {.allowed_access = access, .parent_fd = fd};
  long rc = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &attr, 0);
  if (rc != 0 && errno == EINVAL) {
    attr.allowed_access = access & (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE |
                                    LANDLOCK_ACCESS_FS_WRITE_FILE | ACCESS_FS_TRUNCATE);
    rc = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &attr, 0);
  }
  close(fd);
  return (int)rc;
}

int main(int argc, char **argv) {
  const char *shm = NULL, *cwd = NULL;
  const char *paths[MAX_RULES];
  uint64_t rights[MAX_RULES];
  int rules = 0, i;
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    if (i + 1 >= argc || rules >= MAX_RULES) {
      fprintf(stderr, "pj-launch: bad arguments near %s\n", argv[i]);
      return 120;
    }
    const char *value = argv[++i];
    if (strcmp(argv[i - 1], "--shm") == 0) {
      shm = value;
    } else if (strcmp(argv[i - 1], "--cwd") == 0) {
      cwd = value;
    } else if (strcmp(argv[i - 1], "--ro") == 0) {
      paths[rules] = value, rights[rules++] = FS_READ;
    } else if (strcmp(argv[i - 1], "--rx") == 0) {
      paths[rules] = value, rights[rules++] = FS_READ | LANDLOCK_ACCESS_FS_EXECUTE;
    } else if (strcmp(argv[i - 1], "--rw") == 0) {
      paths[rules] = value, rights[rules++] = FS_READ | FS_WRITE | ACCESS_FS_TRUNCATE;
    } else {
      fprintf(stderr, "pj-launch: unknown option %s\n", argv[i - 1]);
      return 120;
    }
  }
  if (shm == NULL || cwd == NULL || i >= argc) {
    fprintf(stderr, "usage: pj-launch --shm FILE --cwd DIR [--ro|--rx|--rw PATH]... -- PROGRAM...\n");
    return 120;
  }

  int fd = open(shm, O_RDWR);
  if (fd < 0) die(121, shm);
  if (fd != 3) {
    if (dup2(fd, 3) < 0) die(121, "dup2");
    close(fd);
  }
  if (chdir(cwd) != 0) die(121, cwd);

  char applied[128] = "";
  /* Namespaces where the kernel allows them: no network, no SysV IPC, no mapped ids. */
  if (unshare(CLONE_NEWUSER) == 0) {
    strcat(applied, " userns");
    if (unshare(CLONE_NEWNET) == 0) strcat(applied, " netns");
    if (unshare(CLONE_NEWIPC) == 0) strcat(applied, " ipcns");
  }

  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die(122, "PR_SET_NO_NEW_PRIVS");

  int abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
  if (abi < 1) die(123, "Landlock is not available");
  struct ruleset_attr_v6 attr = {0};
  attr.handled_access_fs = FS_READ | FS_WRITE | LANDLOCK_ACCESS_FS_EXECUTE |
                           LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_SOCK |
                           LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
                           LANDLOCK_ACCESS_FS_MAKE_SYM;
  if (abi >= 2) attr.handled_access_fs |= LANDLOCK_ACCESS_FS_REFER;
  if (abi >= 3) attr.handled_access_fs |= ACCESS_FS_TRUNCATE;
  if (abi >= 5) attr.handled_access_fs |= ACCESS_FS_IOCTL_DEV;
  size_t attr_size = sizeof(uint64_t);
  if (abi >= 4) {
    attr.handled_access_net = ACCESS_NET_BIND_TCP | ACCESS_NET_CONNECT_TCP;
    attr_size = 2 * sizeof(uint64_t);
  }
  if (abi >= 6) {
    attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL;
    attr_size = sizeof attr;
  }
  int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, attr_size, 0);
  if (ruleset < 0) die(123, "landlock_create_ruleset");
  for (int r = 0; r < rules; r++) {
    if (add_rule(ruleset, paths[r], file_mask(rights[r], abi)) != 0) die(123, paths[r]);
  }
  if (add_rule(ruleset, cwd, file_mask(FS_READ | FS_WRITE | ACCESS_FS_TRUNCATE, abi)) != 0) {
    die(123, cwd);
  }
  if (syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) die(123, "landlock_restrict_self");
  close(ruleset);

  char env[160];
  snprintf(env, sizeof env, "landlock=%d%s", abi, applied);
  setenv("PJ_SANDBOX_APPLIED", env, 1);
  execv(argv[i], argv + i);
  die(124, argv[i]);
  return 124;
}
